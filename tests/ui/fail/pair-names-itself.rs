use within_runtime::Validated;

#[derive(Validated)]
struct Pool {
    #[within(0, self.size)]
    size: u32,
}

fn main() {}
