use within_runtime::Validated;

#[derive(Validated)]
struct Percent(#[within(0, 100)] u8);

fn main() {}
