use within_runtime::Validated;

// The bound of an `Option` field is emitted once, so its mistake is reported once.
#[derive(Validated)]
struct Volume {
    #[within(0, 300)]
    level: Option<u8>,
}

fn main() {}
