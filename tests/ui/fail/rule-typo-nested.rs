use within_runtime::Validated;

#[derive(Validated)]
struct Db {
    #[within(1, 64)]
    pool: u32,
}

#[derive(Validated)]
struct Config {
    #[within(nestd)]
    db: Db,
}

fn main() {}
