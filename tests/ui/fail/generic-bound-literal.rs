use within_runtime::Validated;

// Literal bounds on a field of a type parameter: one error per bound, at the bound.
#[derive(Validated)]
struct Level<T> {
    #[within(0, 10)]
    value: T,
}

fn main() {}
