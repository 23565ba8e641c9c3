use within_runtime::Validated;

// One error each, though the hand-written impls the `manual(..)` announces are there.
#[derive(Validated)]
#[within(default, manual(Default))]
struct Pool {
    #[within(1, 100, default = 10)]
    size: u8,
}

impl Default for Pool {
    fn default() -> Self {
        Pool::try_new(10).unwrap()
    }
}

#[derive(Validated)]
#[within(deserialize, manual(Deserialize))]
struct Port {
    #[within(1024..)]
    number: u16,
}

impl<'de> serde::Deserialize<'de> for Port {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let number = u16::deserialize(deserializer)?;
        Port::try_new(number).map_err(serde::de::Error::custom)
    }
}

fn main() {}
