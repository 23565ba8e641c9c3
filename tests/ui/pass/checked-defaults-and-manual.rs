use within_runtime::{Invalid, Validated};

// A hand-written `Default` that goes through `try_new`, declared as such.
#[derive(Validated)]
#[within(manual(Default))]
struct Pool {
    #[within(1, 100)]
    size: u8,
}

impl Default for Pool {
    fn default() -> Self {
        match Pool::try_new(10) {
            Ok(pool) => pool,
            Err(err) => panic!("{err}"),
        }
    }
}

// A hand-written `Deserialize` through `try_new`, declared as such.
#[derive(Validated)]
#[within(manual(Deserialize), manual(Default))]
struct Port {
    #[within(1024..)]
    port: u16,
}

impl Default for Port {
    fn default() -> Self {
        Port::new_const(8080)
    }
}

impl<'de> serde::Deserialize<'de> for Port {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let port = u16::deserialize(deserializer)?;
        Port::try_new(port).map_err(|err: Invalid| serde::de::Error::custom(err))
    }
}

// Generic structs are not probed (the check would need every instantiation); they derive.
#[derive(Validated, Default)]
struct Generic<T> {
    #[within(0, 9)]
    level: u8,
    items: Vec<T>,
}

fn main() {
    assert_eq!(Pool::default().size(), 10);
    assert_eq!(Port::default().port(), 8080);
    let _ = Generic::<u8>::default();
}
