use within_runtime::Validated;

#[derive(Validated, serde::Deserialize)]
#[within(manual(Deserialize))]
struct Inner {
    #[within(0, 9)]
    level: u8,
}

// A nested field of a checked `Deserialize` needs one too, to report its errors with paths.
#[derive(Validated)]
#[within(deserialize)]
struct Outer {
    #[within(nested)]
    inner: Inner,
}

fn main() {}
