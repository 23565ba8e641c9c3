use within_runtime::Validated;

// An option of schemars' own derive that `#[within(schema)]` does not follow is an error, not
// a schema that silently lacks it.
#[derive(Validated)]
#[within(schema)]
struct Pool {
    #[within(1, 64)]
    #[schemars(range(min = 1))]
    workers: u8,
}

fn main() {}
