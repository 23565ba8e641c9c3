use within_runtime::Validated;

#[derive(Validated)]
struct Db {
    #[within(1, 64)]
    pool_size: u32,
}

fn has_room(db: &Db) -> bool {
    db.pool_size() > 1
}

#[derive(Validated)]
struct Config {
    #[within(nested, check = has_room)]
    db: Db,
}

fn main() {}
