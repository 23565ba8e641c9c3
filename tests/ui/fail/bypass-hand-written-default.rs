use within_runtime::Validated;

// A hand-written `Default` is refused too, unless marked `manual(Default)`.
#[derive(Validated)]
struct Pool {
    #[within(1, 100)]
    size: u8,
}

impl Default for Pool {
    fn default() -> Self {
        Pool { size: 0 }
    }
}

fn main() {}
