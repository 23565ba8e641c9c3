use within_runtime::Validated;

#[derive(Validated)]
struct Dice {
    #[within(1..=)]
    face: u8,
}

fn main() {}
