use within_runtime::Validated;

// serde derives `impl<'de: 'static> Deserialize<'de>` for a `&'static str` field: still refused.
#[derive(Validated, serde::Deserialize)]
struct Server {
    #[within(1024, 65535)]
    port: u16,
    name: &'static str,
}

// A struct with only lifetime parameters is probed with `'static`: both impls are refused.
#[derive(Validated, Default, serde::Deserialize)]
struct Route<'a> {
    #[within(1, 10)]
    weight: u8,
    path: &'a str,
}

fn main() {}
