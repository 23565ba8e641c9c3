use within_runtime::Validated;

#[derive(Validated)]
struct Inner {
    #[within(1, 64)]
    pool: u32,
}

// The list's length is measured on the unchecked shadow of `Vec<Inner>`, which `Inner` lacks:
// one error, at the field, as for `nested` alone.
#[derive(Validated)]
#[within(deserialize)]
struct Outer {
    #[within(len(1..=2), nested)]
    inners: Vec<Inner>,
}

fn main() {}
