use within_runtime::Validated;

// With every struct option, one mistake is still one error: the draft, its `TryFrom`, the
// newtype's conversions, `Deserialize` and `JsonSchema` exist for the code that uses them.
#[derive(Validated, Debug)]
#[within(deserialize, schema, draft = ExamDraft)]
struct Exam {
    #[within(0,, 100)]
    math: u32,
}

#[derive(Validated, Debug)]
#[within(deserialize, schema)]
struct Percent(#[within(0 100)] u8);

fn main() {
    let _ = Exam::try_from(ExamDraft { math: 1 });
    let _: Exam = serde_json::from_str("{}").unwrap();
    let _ = schemars::schema_for!(Exam);
    let _ = Percent::try_from(5).map(Percent::into_inner);
    let _: Percent = serde_json::from_str("5").unwrap();
    let _ = schemars::schema_for!(Percent);
}

// A draft is declared beside the struct, so its name is a name, not a path.
#[derive(Validated)]
#[within(draft = drafts::ScoreDraft)]
struct Score {
    #[within(0, 10)]
    points: u8,
}
