use within_runtime::Validated;

#[derive(Validated)]
struct Dice {
    #[within(5..=4)]
    face: u8,
}

fn main() {}
