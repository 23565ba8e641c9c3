use within_runtime::Validated;

fn not_blank(value: &String) -> bool {
    !value.trim().is_empty()
}

#[derive(Validated)]
struct Signup {
    #[within(check = not_blank, mesage = "must not be blank")]
    username: String,
}

fn main() {}
