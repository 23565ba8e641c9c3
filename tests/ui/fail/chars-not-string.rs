use within_runtime::Validated;

#[derive(Validated)]
struct Exam {
    #[within(chars(1..=3))]
    marks: Vec<u32>,
}

fn main() {}
