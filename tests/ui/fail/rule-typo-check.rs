use within_runtime::Validated;

fn not_blank(value: &String) -> bool {
    !value.trim().is_empty()
}

#[derive(Validated)]
struct Signup {
    #[within(len(1..=32), chek = not_blank)]
    username: String,
}

fn main() {}
