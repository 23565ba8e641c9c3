use within_runtime::Validated;

fn from_text<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<u8, D::Error> {
    let text = <String as serde::Deserialize>::deserialize(deserializer)?;
    text.parse().map_err(serde::de::Error::custom)
}

// The schema cannot see what `from_text` reads: the error says how to describe it.
#[derive(Validated)]
#[within(deserialize, schema)]
struct Pool {
    #[within(1, 64)]
    #[serde(deserialize_with = "from_text")]
    workers: u8,
}

fn main() {}
