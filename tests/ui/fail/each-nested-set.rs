use std::collections::BTreeSet;
use within_runtime::Validated;

#[derive(Validated, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Tag {
    #[within(chars(1..=8))]
    name: String,
}

// A set's elements cannot change, and a set of structs has no path to name one by: `nested`
// reaches lists, arrays and map values, not sets.
#[derive(Validated)]
struct Post {
    #[within(each(nested))]
    tags: BTreeSet<Tag>,
}

fn main() {}
