use within_runtime::Validated;

#[derive(Validated)]
#[within(default)]
struct Pool {
    #[within(1, 100, default = 10)]
    size: u8,
    #[within(0, 10)]
    idle: u8,
}

fn main() {}
