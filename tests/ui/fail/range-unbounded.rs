use within_runtime::Validated;

#[derive(Validated)]
struct Dice {
    #[within(..)]
    face: u8,
}

fn main() {}
