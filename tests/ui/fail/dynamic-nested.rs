use within_runtime::Validated;

#[derive(Validated)]
struct Db {
    #[within(1, 64)]
    pool: u32,
}

#[derive(Validated)]
struct Config {
    #[within(nested, dynamic)]
    db: Db,
}

fn main() {}
