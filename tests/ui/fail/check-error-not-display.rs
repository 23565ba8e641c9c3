use within_runtime::Validated;

struct Blank;

fn not_blank(value: &String) -> Result<(), Blank> {
    if value.trim().is_empty() { Err(Blank) } else { Ok(()) }
}

#[derive(Validated)]
struct Signup {
    #[within(check = not_blank)]
    username: String,
}

fn main() {}
