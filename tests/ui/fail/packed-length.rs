use within_runtime::Validated;

#[derive(Validated)]
#[repr(packed)]
struct Packed {
    #[within(len(1..=8))]
    name: String,
}

fn main() {}
