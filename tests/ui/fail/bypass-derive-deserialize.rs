use within_runtime::Validated;

// serde's derive reads `port` without its check: refused while the `serde` feature is on.
#[derive(Validated, serde::Deserialize)]
struct Server {
    #[within(1024, 65535)]
    port: u16,
}

fn main() {}
