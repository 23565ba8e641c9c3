use within_runtime::Validated;

#[derive(Validated)]
struct Signup {
    #[within(chars(3..=64), emial)]
    email: String,
}

fn main() {}
