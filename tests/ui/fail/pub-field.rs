use within_runtime::Validated;

#[derive(Validated)]
pub struct Exam {
    #[within(0, 100)]
    pub math: u32,
}

fn main() {}
