use within_runtime::Validated;

#[derive(Validated)]
struct Exam {
    #[within()]
    math: u32,
}

fn main() {}
