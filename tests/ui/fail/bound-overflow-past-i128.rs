use within_runtime::Validated;

// A literal no `i128` holds: rustc's own "literal out of range", and nothing more.
#[derive(Validated)]
struct Ledger {
    #[within(0, 200000000000000000000000000000000000000)]
    cents: i128,
}

fn main() {}
