use within_runtime::Validated;

// serde reports its own attribute's mistake; the checked impls add nothing to it.
#[derive(Validated)]
#[within(deserialize)]
struct Server {
    #[within(1, 65535)]
    #[serde(renam = "p")]
    port: u16,
}

fn main() {}
