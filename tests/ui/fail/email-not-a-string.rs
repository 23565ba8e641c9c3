use within_runtime::Validated;

#[derive(Validated)]
struct Signup {
    #[within(email)]
    contact: u32,
}

fn main() {}
