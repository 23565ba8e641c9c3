use within_runtime::Validated;

#[derive(Validated)]
#[within]
struct Exam {
    #[within(0, 100)]
    math: u32,
}

fn main() {}
