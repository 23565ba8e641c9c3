use within_runtime::Validated;

#[derive(Validated)]
#[within(0, 100)]
struct Exam {
    math: u32,
}

fn main() {}
