use within_runtime::Validated;

// `pool_size` has no check, so its setter could not keep the pair: it must be marked.
#[derive(Validated)]
struct Pool {
    pool_size: u32,
    #[within(0, self.pool_size)]
    min_idle: u32,
}

fn main() {}
