use within_runtime::Validated;

#[derive(Validated)]
struct Flag {
    #[within(true, false)]
    on: bool,
}

fn main() {}
