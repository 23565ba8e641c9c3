use within_runtime::Validated;

#[derive(Validated)]
#[within(default, manual(Default))]
struct Pool {
    #[within(1, 100, default = 10)]
    size: u8,
}

fn main() {}
