use within_runtime::Validated;

#[derive(Validated)]
struct Signup {
    #[within(check = not_blank)]
    username: String,
}

fn main() {}
