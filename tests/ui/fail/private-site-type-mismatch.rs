// The hidden API generated code uses must not let safe code store a value under another type's
// site: the error would read the value with the wrong type's functions. The site's type
// parameter makes that a type error.
use within_runtime::__private::{Field, Measure, Range, Shape, Side, Site};

static WIDE: Site<[u64; 4]> = Site::new(
    "Owner",
    "field",
    Shape {
        secret: false,
        newtype: false,
        measure: Measure::Value,
        min: Side::Const,
        max: Side::Const,
        min_exclusive: false,
        max_exclusive: false,
        code: None,
        message: None,
    },
    |_, _| Ok(()),
    <[u64; 4] as Field>::VTABLE,
);

fn main() {
    let mut x = 0u64;
    let range = Range { min: Some(0u64), max: Some(1), min_exclusive: false, max_exclusive: false };
    let _ = <u64 as Field>::set(&mut x, 7, [(range, &WIDE)]);
}
