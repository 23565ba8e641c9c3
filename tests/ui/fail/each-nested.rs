use within_runtime::Validated;

#[derive(Validated)]
struct Tag {
    #[within(chars(1..=8))]
    name: String,
}

#[derive(Validated)]
struct Post {
    #[within(each(nested))]
    tags: Vec<Tag>,
}

fn main() {}
