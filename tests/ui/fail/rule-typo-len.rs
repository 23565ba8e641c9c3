use within_runtime::Validated;

#[derive(Validated)]
struct User {
    #[within(lenght(1..=64))]
    name: String,
}

fn main() {}
