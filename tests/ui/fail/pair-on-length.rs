use within_runtime::Validated;

#[derive(Validated)]
struct Names {
    #[within(1, 64)]
    limit: usize,
    #[within(len(0, self.limit))]
    names: Vec<String>,
}

fn main() {}
