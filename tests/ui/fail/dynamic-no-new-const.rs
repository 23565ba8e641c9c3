use within_runtime::Validated;

fn max_conns() -> u32 {
    50
}

// A dynamic bound has no value at compile time: the struct has no `new_const`.
#[derive(Validated)]
struct Pool {
    #[within(1, max_conns(), dynamic)]
    conns: u32,
}

const POOL: Pool = Pool::new_const(10);

fn main() {}
