use within_runtime::Validated;

const START: u8 = 100;

#[derive(Validated)]
#[within(default)]
struct Pool {
    #[within(1, 99, default = START + 1)]
    size: u8,
}

fn main() {}
