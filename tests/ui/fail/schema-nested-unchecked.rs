use within_runtime::Validated;

#[derive(Validated)]
struct Db {
    #[within(1, 64)]
    pool: u32,
}

// `Db` has checks but no `#[within(schema)]`: its schema would leave them out.
#[derive(Validated)]
#[within(schema)]
struct Config {
    #[within(nested)]
    db: Db,
}

fn main() {}
