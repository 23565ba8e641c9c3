use within_runtime::Validated;

#[derive(Validated)]
enum Grade {
    Pass,
    Fail,
}

fn main() {}
