use within_runtime::Validated;

#[derive(Validated)]
struct Placement {
    #[within(oneof("eu", "us"))]
    region: String,
}

fn main() {}
