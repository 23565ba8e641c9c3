use within_runtime::Validated;

fn word_count(value: &String) -> usize {
    value.split_whitespace().count()
}

#[derive(Validated)]
struct Post {
    #[within(check = word_count)]
    title: String,
}

fn main() {}
