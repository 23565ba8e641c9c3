use within_runtime::Validated;

#[derive(serde::Deserialize)]
struct Raw {
    port: u16,
}

#[derive(Validated)]
#[within(deserialize)]
#[serde(from = "Raw")]
struct Server {
    #[within(1024..)]
    port: u16,
}

fn main() {}
