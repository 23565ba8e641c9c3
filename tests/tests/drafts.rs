//! `#[within(draft = ..)]`: build by field name, check every field at once.

use std::convert::TryFrom;
use within_runtime::Validated;

#[derive(Validated, Debug, PartialEq)]
#[within(draft = ExamDraft)]
pub struct Exam {
    /// Out of 100.
    #[within(0, 100, default = 50)]
    math: u32,
    #[within(0, 100, default = 50)]
    physics: u32,
    #[within(len(1..=20), default = "anonymous".to_owned())]
    student: String,
    note: String,
}

#[test]
fn a_draft_reads_like_a_struct_literal() {
    let exam = Exam::try_from(ExamDraft {
        math: 95,
        ..Default::default()
    })
    .unwrap();
    assert_eq!(
        (exam.math(), exam.physics(), exam.student()),
        (95, 50, "anonymous")
    );
    assert_eq!(exam.note, "");
}

#[test]
fn try_from_reports_every_error() {
    let err = Exam::try_from(ExamDraft {
        math: 101,
        physics: 102,
        student: String::new(),
        note: "late".into(),
    })
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "Exam.math must be within [0, 100], got 101; Exam.physics must be within [0, 100], \
         got 102; Exam.student must have a length within [1, 20], got 0"
    );
}

/// A draft has `Default` only when every field type that has no `default = ..` does.
struct NoDefault;

#[derive(Validated)]
#[within(draft = OddDraft)]
struct Odd {
    #[within(0, 9)]
    digit: u8,
    #[allow(dead_code)]
    token: NoDefaultHolder,
}

struct NoDefaultHolder(#[allow(dead_code)] NoDefault);

#[test]
fn a_draft_without_default_still_converts() {
    let odd = Odd::try_from(OddDraft {
        digit: 7,
        token: NoDefaultHolder(NoDefault),
    })
    .ok()
    .unwrap();
    assert_eq!(odd.digit(), 7);
}

/// Tuple structs and generic structs have drafts too.
#[derive(Validated, Debug)]
#[within(draft = RgbDraft)]
struct Rgb(
    #[within(0, 255)] u16,
    #[within(0, 255)] u16,
    #[within(0, 255)] u16,
);

#[test]
fn a_tuple_draft() {
    let rgb = Rgb::try_from(RgbDraft(1, 2, 3)).unwrap();
    assert_eq!(rgb.get_2(), 3);
    assert!(Rgb::try_from(RgbDraft(1, 256, 3)).is_err());
}
