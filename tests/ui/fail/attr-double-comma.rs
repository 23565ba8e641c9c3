use within_runtime::Validated;

#[derive(Validated)]
struct Exam {
    #[within(0,, 10)]
    math: u32,
}

fn main() {}
