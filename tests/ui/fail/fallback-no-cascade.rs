use within_runtime::Validated;

// One mistake in an attribute gives one error: the methods still exist, so the calls below
// do not add "no function or associated item named ..." errors.
#[derive(Validated)]
struct Exam {
    #[within(0)]
    math: u32,
}

fn main() {
    let mut exam = Exam::try_new(50).unwrap();
    let _ = exam.set_math(60);
    let _ = exam.math();
    let _ = exam.validate();
}
