use within_runtime::Validated;

// `0..256` on a `u8`: rustc's own "literal out of range", and nothing more.
#[derive(Validated)]
struct Color {
    #[within(0..256)]
    red: u8,
}

fn main() {}
