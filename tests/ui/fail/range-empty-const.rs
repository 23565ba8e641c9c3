use within_runtime::Validated;

const LOW: u32 = 10;
const HIGH: u32 = 5;

// Constants the derive cannot read are still checked by the compiler.
#[derive(Validated)]
struct Window {
    #[within(LOW, HIGH)]
    size: u32,
}

fn main() {}
