//! The generated code names everything by absolute path: shadowing the prelude, or naming a
//! module `within_runtime` or `core`, cannot change what it means.

#![allow(dead_code, non_camel_case_types)]

use within_runtime::Validated;

// Everything the generated code could name by a short path, shadowed by something unusable.
struct Result;
struct Ok;
struct Err;
struct Option;
struct Some;
struct None;
struct Vec;
struct String;
struct Box;
struct Self_;
mod core {}
mod std {}
mod __private {}

/// Bounds named like the generated code's internals still mean the user's constants.
const RANGE: u8 = 5;
const SITE: u8 = 10;

#[derive(Validated)]
struct Shadowed {
    #[within(RANGE, SITE)]
    count: u8,
    #[within(0, 1)]
    value: u8,
}

#[test]
fn shadowed_names_do_not_break_the_expansion() {
    let mut s = Shadowed::try_new(7, 1).unwrap();
    assert!(s.set_count(4).is_err());
    assert!(s.set_count(11).is_err());
    s.set_count(10).unwrap();
    assert_eq!((s.count(), s.value()), (10, 1));
    assert_eq!(s.set_value(2).unwrap_err().field(), "value");
}
