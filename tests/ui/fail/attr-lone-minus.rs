use within_runtime::Validated;

#[derive(Validated)]
struct Exam {
    #[within(-, 10)]
    math: i32,
}

fn main() {}
