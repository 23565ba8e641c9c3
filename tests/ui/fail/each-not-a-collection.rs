use within_runtime::Validated;

#[derive(Validated)]
struct Post {
    #[within(each(1..=5))]
    score: u32,
}

fn main() {}
