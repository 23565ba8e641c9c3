use within_runtime::Validated;

// Types and bounds passed as `$t:ty` / `$e:expr` arrive in invisible groups: an `Option` is
// still an `Option`, a primitive still gets `new_const` and `const` getters.
macro_rules! config {
    ($name:ident, $opt:ty, $prim:ty, $min:expr, $max:expr) => {
        #[derive(Validated, Debug)]
        struct $name {
            #[within($min, $max)]
            limit: $opt,
            #[within(($min), $max)]
            level: $prim,
        }
    };
}

config!(Limits, Option<u8>, u8, 1, 9);

const LEVEL: u8 = Limits::new_const(None, 5).level();

fn main() {
    let mut limits = Limits::try_new(None, 3).unwrap();
    limits.set_limit(Some(9)).unwrap();
    assert!(limits.set_limit(Some(10)).is_err());
    assert_eq!(LEVEL, 5);
    assert!(Ranged::try_new(10).is_err());
    assert_eq!(RANGED.level(), 9);
}

// A whole range as one `$r:expr`.
macro_rules! ranged {
    ($name:ident, $range:expr) => {
        #[derive(Validated, Debug)]
        struct $name {
            #[within($range, secret)]
            level: u8,
        }
    };
}

ranged!(Ranged, 1..=9);

const RANGED: Ranged = Ranged::new_const(9);
