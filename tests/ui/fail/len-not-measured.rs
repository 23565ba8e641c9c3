use within_runtime::Validated;

#[derive(Validated)]
struct Exam {
    #[within(len(1..=3))]
    math: u32,
}

fn main() {}
