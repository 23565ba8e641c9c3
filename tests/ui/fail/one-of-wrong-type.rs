use within_runtime::Validated;

#[derive(Validated)]
struct Placement {
    #[within(one_of(1, "two", 3))]
    replicas: u8,
}

fn main() {}
