use std::collections::BTreeMap;
use within_runtime::Validated;

#[derive(Validated)]
#[within(deserialize)]
struct Db {
    #[within(1, 64)]
    pool: u32,
}

#[derive(Validated)]
#[within(deserialize)]
struct Dbs {
    #[within(each(nested))]
    #[serde(flatten)]
    by_region: BTreeMap<String, Db>,
}

fn main() {}
