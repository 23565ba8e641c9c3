use within_runtime::Validated;

// The getter `validate()` would hide `Validated::validate`.
#[derive(Validated)]
struct Check {
    #[within(0, 10)]
    validate: u8,
}

fn main() {}
