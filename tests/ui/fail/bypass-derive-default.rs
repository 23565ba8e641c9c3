use within_runtime::Validated;

// `Default` from std starts `size` at 0, outside its bounds: refused at compile time.
#[derive(Validated, Default)]
struct Pool {
    #[within(1, 100)]
    size: u8,
}

fn main() {}
