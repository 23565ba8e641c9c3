use within_runtime::Validated;

fn limit() -> u32 {
    100
}

#[derive(Validated)]
struct Exam {
    #[within(0, limit())]
    math: u32,
}

fn main() {}
