mod exam {
    use within_runtime::Validated;

    #[derive(Validated)]
    pub struct Exam {
        #[within(0, 100)]
        math: u32,
    }
}

fn main() {
    let mut exam = exam::Exam::try_new(50).unwrap();
    // The only way in is the checked setter.
    exam.math = 101;
}
