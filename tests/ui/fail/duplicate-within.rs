use within_runtime::Validated;

#[derive(Validated)]
struct Exam {
    #[within(0, 100)]
    #[within(0, 50)]
    math: u32,
}

fn main() {}
