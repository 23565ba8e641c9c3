use within_runtime::Validated;

#[derive(Validated)]
struct Student {
    #[within(String::new(), String::new())]
    name: String,
}

fn main() {}
