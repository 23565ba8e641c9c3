use within_runtime::Validated;

#[derive(Validated)]
struct Nothing;

fn main() {}
