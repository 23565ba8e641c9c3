use within_runtime::Validated;

#[derive(Validated)]
struct Exam {
    #[within(0, 300)]
    math: u8,
}

fn main() {}
