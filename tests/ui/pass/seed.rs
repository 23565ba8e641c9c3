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
    let mut exam = Exam::try_new(95, 92, 88)?;
    exam.set_math(98)?;
    let shared = Tracked::new(exam)?;
    shared.write().set_physics(99)?;
    Ok(())
}
