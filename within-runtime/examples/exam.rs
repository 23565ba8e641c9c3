//! The seed scenario: an exam whose three marks must stay within 0..=100, shared and tracked.
//!
//! Run with `cargo run --example exam`.

use within_runtime::{Tracked, Validated};

#[derive(Validated, Debug, Clone, PartialEq)]
pub struct Exam {
    #[within(0, 100)]
    math: u32,
    #[within(0, 100)]
    physics: u32,
    #[within(0, 100)]
    chemistry: u32,
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    for field in Exam::FIELDS {
        let (min, max) = (field.min().unwrap_or("-"), field.max().unwrap_or("-"));
        println!(
            "Exam.{}: {} within [{min}, {max}]",
            field.name(),
            field.ty()
        );
    }

    let mut exam = Exam::try_new(95, 92, 88)?;
    println!("try_new(95, 92, 88)        -> {exam:?}");

    match Exam::try_new(101, 92, 200) {
        Ok(exam) => println!("try_new(101, 92, 200)      -> unexpectedly accepted: {exam:?}"),
        Err(err) => println!("try_new(101, 92, 200)      -> rejected: {err}"),
    }

    exam.set_math(98)?;
    println!("set_math(98)               -> math is {}", exam.math());

    let err = exam.set_math(101).unwrap_err();
    println!("set_math(101)              -> rejected: {err}");
    println!(
        "                              math is still {}",
        exam.math()
    );

    let shared = Tracked::new(exam.clone())?;
    let other = Tracked::new(Exam::try_new(70, 80, 90)?)?;
    println!(
        "two exams tracked          -> registry holds {}",
        Exam::registry().len()
    );

    shared.write().set_physics(99)?;
    println!("shared.write().set_physics(99) -> {:?}", *shared.read());

    drop(other);
    println!(
        "one dropped                -> registry holds {}",
        Exam::registry().len()
    );
    drop(shared);
    println!(
        "last handle dropped        -> registry holds {} (empty: {})",
        Exam::registry().len(),
        Exam::registry().is_empty()
    );
    Ok(())
}
