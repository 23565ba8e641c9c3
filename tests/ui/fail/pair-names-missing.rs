use within_runtime::Validated;

#[derive(Validated)]
struct Pool {
    #[within(1, 64)]
    pool_size: u32,
    #[within(0, self.pool_sise)]
    min_idle: u32,
}

fn main() {}
