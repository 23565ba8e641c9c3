use within_runtime::Validated;

#[derive(Validated)]
struct Login {
    #[within(0, 9999, hidden)]
    pin: u16,
}

fn main() {}
