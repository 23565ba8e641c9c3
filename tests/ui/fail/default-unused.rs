use within_runtime::Validated;

// Nothing on the struct uses `default = ..`: a mistake, not a silent no-op.
#[derive(Validated)]
struct Pool {
    #[within(1, 100, default = 10)]
    size: u8,
}

fn main() {}
