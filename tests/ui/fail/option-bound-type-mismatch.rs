use within_runtime::Validated;

// The bounds of an `Option<u8>` field are `u8`s, not options.
#[derive(Validated)]
struct Bonus {
    #[within(Some(0), Some(10))]
    points: Option<u8>,
}

fn main() {}
