use within_runtime::Validated;

#[derive(Validated)]
struct Signup {
    #[within(chars(3..=32), pattern = "^[a-z+$")]
    username: String,
}

fn main() {}
