use within_runtime::Validated;

struct Plain {
    level: u8,
}

#[derive(Validated)]
struct Outer {
    #[within(nested)]
    inner: Plain,
}

fn main() {}
