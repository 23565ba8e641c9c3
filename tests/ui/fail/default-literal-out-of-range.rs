use within_runtime::Validated;

#[derive(Validated)]
#[within(default)]
struct Pool {
    #[within(1, 100, default = 101)]
    size: u8,
}

fn main() {}
