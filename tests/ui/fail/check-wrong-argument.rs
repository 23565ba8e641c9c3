use within_runtime::Validated;

fn positive(value: &i64) -> bool {
    *value > 0
}

#[derive(Validated)]
struct Order {
    #[within(check = positive)]
    quantity: u32,
}

fn main() {}
