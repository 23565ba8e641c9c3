use within_runtime::Validated;

#[derive(Validated)]
struct Inner {
    #[within(0, 9)]
    level: u8,
}

#[derive(Validated)]
struct Outer {
    #[within(nested, secret)]
    inner: Inner,
}

fn main() {}
