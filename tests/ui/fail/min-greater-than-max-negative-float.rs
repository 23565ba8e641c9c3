use within_runtime::Validated;

#[derive(Validated)]
struct Curve {
    #[within(-0.5, -1.5)]
    shift: f64,
}

fn main() {}
