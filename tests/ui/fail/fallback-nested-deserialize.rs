use within_runtime::Validated;

// After a mistake in `Server`'s attribute, the struct that nests it sees a checked
// `Deserialize` all the same: one mistake, one error.
#[derive(Validated)]
#[within(deserialize)]
struct Server {
    #[within(1, 65535, secrte)]
    port: u16,
}

#[derive(Validated)]
#[within(deserialize)]
struct Config {
    #[within(nested)]
    server: Server,
}

fn main() {}
