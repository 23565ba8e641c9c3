use within_runtime::Validated;

// The setter of `x` and the getter of `set_x` would both be `set_x`.
#[derive(Validated)]
struct Clash {
    #[within(0, 1)]
    x: u8,
    #[within(0, 1)]
    set_x: u8,
}

fn main() {}
