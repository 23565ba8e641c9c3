//! Bounds are inclusive on both ends, for every kind of bound and field type.

use core::time::Duration;
use within_runtime::{Validated, Violation};

const LO: i64 = 10;
const HI: i64 = 20;

#[derive(Validated, Debug)]
struct Kinds {
    #[within(1, 200)]
    small: u8,
    #[within(-5, 5)]
    signed: i8,
    #[within(1_000, u64::MAX)]
    big: u64,
    #[within(i128::MIN, -1)]
    negative: i128,
    #[within(-0.5, 0.5)]
    ratio: f32,
    #[within(0.0, 1.0)]
    share: f64,
    #[within(Duration::from_secs(1), Duration::from_secs(60))]
    timeout: Duration,
    #[within(LO, HI)]
    konst: i64,
    #[within(u8::MIN, u8::MAX - 1)]
    almost_full: u8,
    #[within('a', 'z')]
    letter: char,
}

fn valid() -> Kinds {
    Kinds::try_new(
        100,
        0,
        5_000,
        -7,
        0.0,
        0.5,
        Duration::from_secs(30),
        15,
        3,
        'q',
    )
    .unwrap()
}

/// Sets `$value` through `$setter` and checks it lands or is rejected as `$expect` says.
macro_rules! assert_set {
    ($kinds:ident.$setter:ident($value:expr) => Ok, $getter:ident) => {{
        $kinds.$setter($value).unwrap();
        assert_eq!($kinds.$getter(), $value);
    }};
    ($kinds:ident.$setter:ident($value:expr) => $violation:ident, $getter:ident) => {{
        let before = $kinds.$getter();
        let err = $kinds.$setter($value).unwrap_err();
        assert_eq!(err.violation(), Violation::$violation, "{err}");
        assert_eq!($kinds.$getter(), before, "a rejected set changed the field");
    }};
}

#[test]
fn u8_min_max_and_one_beyond() {
    let mut k = valid();
    assert_set!(k.set_small(1) => Ok, small);
    assert_set!(k.set_small(200) => Ok, small);
    assert_set!(k.set_small(0) => BelowMin, small);
    assert_set!(k.set_small(201) => AboveMax, small);
    assert_set!(k.set_small(u8::MAX) => AboveMax, small);
}

#[test]
fn negative_bounds_on_i8() {
    let mut k = valid();
    assert_set!(k.set_signed(-5) => Ok, signed);
    assert_set!(k.set_signed(5) => Ok, signed);
    assert_set!(k.set_signed(-6) => BelowMin, signed);
    assert_set!(k.set_signed(6) => AboveMax, signed);
    assert_set!(k.set_signed(i8::MIN) => BelowMin, signed);
}

#[test]
fn u64_up_to_its_maximum() {
    let mut k = valid();
    assert_set!(k.set_big(1_000) => Ok, big);
    assert_set!(k.set_big(u64::MAX) => Ok, big);
    assert_set!(k.set_big(999) => BelowMin, big);
    assert_set!(k.set_big(0) => BelowMin, big);
}

#[test]
fn i128_from_its_minimum() {
    let mut k = valid();
    assert_set!(k.set_negative(i128::MIN) => Ok, negative);
    assert_set!(k.set_negative(-1) => Ok, negative);
    assert_set!(k.set_negative(0) => AboveMax, negative);
    let err = k.set_negative(i128::MAX).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!(
            "Kinds.negative must be within [{}, -1], got {}",
            i128::MIN,
            i128::MAX
        )
    );
}

#[test]
fn f32_and_f64_bounds_are_inclusive() {
    let mut k = valid();
    assert_set!(k.set_ratio(-0.5) => Ok, ratio);
    assert_set!(k.set_ratio(0.5) => Ok, ratio);
    assert_set!(k.set_ratio(0.500_001) => AboveMax, ratio);
    assert_set!(k.set_ratio(-0.500_001) => BelowMin, ratio);
    assert_set!(k.set_share(0.0) => Ok, share);
    assert_set!(k.set_share(1.0) => Ok, share);
    assert_set!(k.set_share(1.0 + f64::EPSILON) => AboveMax, share);
    assert_set!(k.set_share(-f64::MIN_POSITIVE) => BelowMin, share);
    // -0.0 == 0.0, so it is in range.
    assert_set!(k.set_share(-0.0) => Ok, share);
}

#[test]
fn nan_and_infinities_are_rejected() {
    let mut k = valid();
    k.set_share(0.25).unwrap();
    let err = k.set_share(f64::NAN).unwrap_err();
    assert_eq!(err.violation(), Violation::Unordered);
    assert_eq!(
        err.to_string(),
        "Kinds.share must be within [0.0, 1.0], got NaN"
    );
    assert_eq!(k.share(), 0.25);
    assert_set!(k.set_share(f64::INFINITY) => AboveMax, share);
    assert_set!(k.set_share(f64::NEG_INFINITY) => BelowMin, share);
    assert_eq!(
        k.set_ratio(f32::NAN).unwrap_err().violation(),
        Violation::Unordered
    );
    assert_set!(k.set_ratio(f32::INFINITY) => AboveMax, ratio);
    assert_set!(k.set_ratio(f32::NEG_INFINITY) => BelowMin, ratio);
    let nan = Kinds::try_new(
        100,
        0,
        5_000,
        -7,
        f32::NAN,
        f64::NAN,
        Duration::ZERO,
        15,
        3,
        'q',
    )
    .unwrap_err();
    let fields: Vec<_> = nan.errors().iter().map(|e| e.field()).collect();
    assert_eq!(fields, ["ratio", "share", "timeout"]);
}

#[test]
fn duration_bounds_print_with_debug() {
    let mut k = valid();
    assert_set!(k.set_timeout(Duration::from_secs(1)) => Ok, timeout);
    assert_set!(k.set_timeout(Duration::from_secs(60)) => Ok, timeout);
    assert_set!(k.set_timeout(Duration::from_millis(999)) => BelowMin, timeout);
    let err = k.set_timeout(Duration::from_secs(61)).unwrap_err();
    assert_eq!(
        err.to_string(),
        "Kinds.timeout must be within [1s, 60s], got 61s"
    );
}

#[test]
fn const_bounds_print_their_values() {
    let mut k = valid();
    assert_set!(k.set_konst(LO) => Ok, konst);
    assert_set!(k.set_konst(HI) => Ok, konst);
    assert_set!(k.set_konst(LO - 1) => BelowMin, konst);
    let err = k.set_konst(HI + 1).unwrap_err();
    assert_eq!(
        err.to_string(),
        "Kinds.konst must be within [10, 20], got 21"
    );
    let spec = Kinds::FIELDS.iter().find(|f| f.name() == "konst").unwrap();
    assert_eq!(
        (spec.min(), spec.max(), spec.ty()),
        (Some("LO"), Some("HI"), "i64")
    );
}

#[test]
fn associated_const_bounds() {
    let mut k = valid();
    assert_set!(k.set_almost_full(0) => Ok, almost_full);
    assert_set!(k.set_almost_full(254) => Ok, almost_full);
    assert_set!(k.set_almost_full(u8::MAX) => AboveMax, almost_full);
    let spec = Kinds::FIELDS
        .iter()
        .find(|f| f.name() == "almost_full")
        .unwrap();
    assert_eq!(
        (spec.min(), spec.max()),
        (Some("u8::MIN"), Some("u8::MAX - 1"))
    );
}

#[test]
fn char_bounds() {
    let mut k = valid();
    assert_set!(k.set_letter('a') => Ok, letter);
    assert_set!(k.set_letter('z') => Ok, letter);
    let err = k.set_letter('A').unwrap_err();
    assert_eq!(
        err.to_string(),
        "Kinds.letter must be within ['a', 'z'], got 'A'"
    );
}

#[test]
fn a_single_value_range() {
    #[derive(Validated)]
    struct Fixed {
        #[within(7, 7)]
        only: u16,
    }
    let mut fixed = Fixed::try_new(7).unwrap();
    assert!(fixed.set_only(6).is_err());
    assert!(fixed.set_only(8).is_err());
    assert_eq!(fixed.only(), 7);
}
