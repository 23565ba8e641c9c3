use within_runtime::Validated;

// Three mistakes, three errors: checking does not stop at the first.
#[derive(Validated)]
struct Exam {
    #[within(100, 0)]
    math: u32,
    #[within(0)]
    physics: u32,
    #[within(0, 100)]
    pub chemistry: u32,
}

fn main() {}
