use within_runtime::Validated;

// Another library's spelling gets this one's.
#[derive(Validated)]
struct User {
    #[within(length(min = 1, max = 64))]
    name: String,
}

fn main() {}
