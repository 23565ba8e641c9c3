use within_runtime::Validated;

#[derive(Validated)]
#[within(deserialize, default)]
struct Db {
    #[within(1, 64, default = 8)]
    pool_size: u32,
}

mod read_db {
    pub fn deserialize<'de, D: serde::Deserializer<'de>>(_: D) -> Result<super::Db, D::Error> {
        unimplemented!()
    }
}

fn primary() -> Db {
    Db::default()
}

// A nested field is read as Db's shadow; these would read a `Db` some other way.
#[derive(Validated)]
#[within(deserialize)]
struct Config {
    #[within(nested)]
    #[serde(with = "read_db")]
    a: Db,
    #[within(nested)]
    #[serde(deserialize_with = "read_db::deserialize")]
    b: Db,
    #[within(nested)]
    #[serde(default = "primary")]
    c: Db,
}

fn main() {}
