use within_runtime::Validated;

// One mistake, one error: the field's `default = 8` is not also called unused.
#[derive(Validated)]
#[within(defualt)]
struct Pool {
    #[within(1, 64, default = 8)]
    size: u32,
}

fn main() {}
