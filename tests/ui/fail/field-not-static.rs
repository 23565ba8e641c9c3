use within_runtime::Validated;

#[derive(Validated)]
struct View<'a> {
    #[within(&0, &10)]
    level: &'a u32,
}

fn main() {}
