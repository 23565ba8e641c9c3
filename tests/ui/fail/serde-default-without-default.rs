use within_runtime::Validated;

// serde fills missing fields from `Pool::default()`, which must be a checked one.
#[derive(Validated)]
#[within(deserialize)]
#[serde(default)]
struct Pool {
    #[within(1, 100)]
    size: u8,
}

fn main() {}
