use within_runtime::Validated;

#[derive(Validated)]
struct Ratio {
    #[within(0.0, f64::NAN)]
    value: f64,
}

fn main() {}
