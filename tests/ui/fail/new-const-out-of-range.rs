use within_runtime::Validated;

#[derive(Validated, Debug)]
struct Percent(#[within(0, 100)] u8);

// Checked by the compiler: this constant does not build.
const TOO_MUCH: Percent = Percent::new_const(101);

fn main() {
    println!("{TOO_MUCH:?}");
}
