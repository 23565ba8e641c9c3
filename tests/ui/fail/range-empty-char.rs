use within_runtime::Validated;

#[derive(Validated)]
struct Grade {
    #[within('z'..='a')]
    letter: char,
}

fn main() {}
