use within_runtime::Validated;

#[derive(Validated)]
struct Db {
    #[within(1, 64)]
    pool: u32,
}

#[derive(Validated)]
struct Cluster {
    // Options inside `each(nested)` have no rule of the element's to apply to.
    #[within(each(nested, secret))]
    replicas: Vec<Db>,
    // `each(..)` says the field is a collection, which a struct is not.
    #[within(each(nested))]
    primary: Db,
    #[within(nested, len(1..=4), len(1..=8))]
    backups: Vec<Db>,
}

fn main() {}
