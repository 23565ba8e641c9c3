#![deny(unused_must_use)]

use within_runtime::Validated;

#[derive(Validated)]
struct Exam {
    #[within(0, 100)]
    math: u32,
}

fn main() {
    let mut exam = Exam::try_new(50).unwrap();
    // A rejected set must not go unnoticed.
    exam.set_math(101);
}
