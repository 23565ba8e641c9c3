use within_runtime::Validated;

#[derive(Validated)]
#[within(deserialize)]
struct Tagged<T> {
    #[within(0, 9)]
    level: u8,
    payload: T,
}

fn main() {}
