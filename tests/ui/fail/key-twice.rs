use within_runtime::Validated;

#[derive(Validated)]
struct Account {
    #[within(key)]
    id: u64,
    #[within(key)]
    email: String,
}

fn main() {}
