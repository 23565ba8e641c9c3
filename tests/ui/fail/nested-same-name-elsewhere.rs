use within_runtime::Validated;

mod other {
    use within_runtime::Validated;

    #[derive(Validated)]
    pub struct Config {
        #[within(1, 64)]
        pool: u32,
    }
}

// `other::Config` is another type than this `Config`: not a recursive field, so the missing
// checked `Deserialize` is one error at the field.
#[derive(Validated)]
#[within(deserialize)]
struct Config {
    #[within(nested)]
    inner: other::Config,
}

fn main() {}
