use within_runtime::Validated;

fn fallback() -> Limits {
    Limits::try_new(10).unwrap()
}

// A default built by any function would fill missing fields unchecked.
#[derive(Validated)]
#[within(deserialize)]
#[serde(default = "fallback")]
struct Limits {
    #[within(1, 100)]
    connections: u32,
}

fn main() {}
