//! The seed scenario of DESIGN.md: an exam whose three marks stay within 0..=100.

use within_runtime::{Invalid, OutOfRange, Validated, Violation};

#[derive(Validated, Debug, Clone, PartialEq)]
pub struct Exam {
    #[within(0, 100)]
    math: u32,
    #[within(0, 100)]
    physics: u32,
    #[within(0, 100)]
    chemistry: u32,
}

#[test]
fn try_new_accepts_marks_in_range() {
    let exam = Exam::try_new(95, 92, 88).unwrap();
    assert_eq!(
        (exam.math(), exam.physics(), exam.chemistry()),
        (95, 92, 88)
    );
    assert_eq!(exam.validate(), Ok(()));
}

#[test]
fn setter_stores_value_in_range() {
    let mut exam = Exam::try_new(95, 92, 88).unwrap();
    exam.set_math(98).unwrap();
    assert_eq!(exam.math(), 98);
    exam.set_physics(0).unwrap();
    exam.set_chemistry(100).unwrap();
    assert_eq!(exam, Exam::try_new(98, 0, 100).unwrap());
}

#[test]
fn rejected_set_leaves_the_field_as_it_was() {
    let mut exam = Exam::try_new(95, 92, 88).unwrap();
    let before = exam.clone();
    let err = exam.set_math(101).unwrap_err();
    assert_eq!(exam, before);
    assert_eq!(err.owner(), "Exam");
    assert_eq!(err.field(), "math");
    assert_eq!(err.violation(), Violation::AboveMax);
    assert_eq!(
        err.to_string(),
        "Exam.math must be within [0, 100], got 101"
    );
}

#[test]
fn try_new_reports_every_bad_field_in_field_order() {
    let err: Invalid = Exam::try_new(101, 50, 250).unwrap_err();
    let fields: Vec<_> = err.errors().iter().map(OutOfRange::field).collect();
    assert_eq!(fields, ["math", "chemistry"]);
    assert_eq!(
        err.to_string(),
        "Exam.math must be within [0, 100], got 101; \
         Exam.chemistry must be within [0, 100], got 250"
    );
}

#[test]
fn fields_describe_the_checks() {
    let names: Vec<_> = Exam::FIELDS.iter().map(|f| f.name()).collect();
    assert_eq!(names, ["math", "physics", "chemistry"]);
    for field in Exam::FIELDS {
        assert_eq!(
            (field.min(), field.max(), field.ty()),
            (Some("0"), Some("100"), "u32")
        );
    }
}
