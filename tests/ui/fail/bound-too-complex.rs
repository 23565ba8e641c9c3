use within_runtime::Validated;

const STRICT: bool = true;

// Valid Rust, but beyond the expressions the derive reads: the error says how to write it.
#[derive(Validated)]
struct Exam {
    #[within(0, if STRICT { 90 } else { 100 })]
    math: u32,
}

fn main() {}
