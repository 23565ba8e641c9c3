//! Beyond `(min, max)` on named fields: ranges, optional fields, tuple structs and newtypes,
//! compile-time construction, secret fields, and errors as data.

use std::convert::TryFrom;
use within_runtime::{Invalid, OutOfRange, Validated, Violation};

#[derive(Validated, Debug)]
struct Ranges {
    #[within(0.0..1.0)]
    ratio: f64,
    #[within(0..=100)]
    percent: u8,
    #[within(1..)]
    count: u32,
    #[within(..=9)]
    digit: i8,
    #[within(..10)]
    below_ten: i64,
}

fn ranges() -> Ranges {
    Ranges::try_new(0.5, 50, 1, 0, 0).unwrap()
}

#[test]
fn half_open_range_excludes_its_maximum() {
    let mut r = ranges();
    r.set_ratio(0.0).unwrap();
    r.set_ratio(0.999_999).unwrap();
    let err = r.set_ratio(1.0).unwrap_err();
    assert_eq!(err.violation(), Violation::AboveMax);
    assert_eq!(
        err.to_string(),
        "Ranges.ratio must be at least 0.0 and less than 1.0, got 1.0"
    );
    assert!(err.is_max_exclusive());
    let err = r.set_ratio(-0.1).unwrap_err();
    assert_eq!(err.violation(), Violation::BelowMin);
    assert_eq!(r.ratio(), 0.999_999);
    assert_eq!(
        r.set_ratio(f64::NAN).unwrap_err().violation(),
        Violation::Unordered
    );
}

#[test]
fn inclusive_range_reads_like_a_pair() {
    let mut r = ranges();
    r.set_percent(100).unwrap();
    assert_eq!(
        r.set_percent(101).unwrap_err().to_string(),
        "Ranges.percent must be within [0, 100], got 101"
    );
}

#[test]
fn range_from_has_no_maximum() {
    let mut r = ranges();
    r.set_count(u32::MAX).unwrap();
    let err = r.set_count(0).unwrap_err();
    assert_eq!(err.to_string(), "Ranges.count must be at least 1, got 0");
    assert_eq!((err.min().as_deref(), err.max()), (Some("1"), None));
    assert_eq!(r.count(), u32::MAX);
}

#[test]
fn range_to_has_no_minimum() {
    let mut r = ranges();
    r.set_digit(i8::MIN).unwrap();
    r.set_digit(9).unwrap();
    let err = r.set_digit(10).unwrap_err();
    assert_eq!(err.to_string(), "Ranges.digit must be at most 9, got 10");
    assert_eq!((err.min(), err.max().as_deref()), (None, Some("9")));
    r.set_below_ten(9).unwrap();
    assert_eq!(
        r.set_below_ten(10).unwrap_err().to_string(),
        "Ranges.below_ten must be less than 10, got 10"
    );
    assert_eq!(r.below_ten(), 9);
}

#[test]
fn range_specs_record_the_shape() {
    let specs: Vec<_> = Ranges::FIELDS
        .iter()
        .map(|f| (f.name(), f.min(), f.max(), f.is_max_exclusive()))
        .collect();
    assert_eq!(
        specs,
        [
            ("ratio", Some("0.0"), Some("1.0"), true),
            ("percent", Some("0"), Some("100"), false),
            ("count", Some("1"), None, false),
            ("digit", None, Some("9"), false),
            ("below_ten", None, Some("10"), true),
        ]
    );
}

#[derive(Validated, Debug, PartialEq)]
struct Optional {
    #[within(0, 10)]
    bonus: Option<u8>,
    #[within(0.0..=1.0)]
    weight: core::option::Option<f32>,
}

#[test]
fn option_fields_are_checked_when_some() {
    let mut o = Optional::try_new(None, Some(0.5)).unwrap();
    assert_eq!(o.bonus(), None);
    o.set_bonus(Some(10)).unwrap();
    let err = o.set_bonus(Some(11)).unwrap_err();
    assert_eq!(
        err.to_string(),
        "Optional.bonus must be within [0, 10], got 11"
    );
    assert_eq!(o.bonus(), Some(10));
    o.set_bonus(None).unwrap();
    assert_eq!(o.bonus(), None);
    assert!(o.set_weight(Some(f32::NAN)).is_err());
    assert_eq!(o.weight(), Some(0.5));
    let err = Optional::try_new(Some(99), Some(2.0)).unwrap_err();
    assert_eq!(err.errors().len(), 2);
    assert_eq!(Optional::FIELDS[0].ty(), "Option<u8>");
}

/// A newtype: `get`, `set`, `into_inner`, `TryFrom`, and messages that name the type alone.
#[derive(Validated, Debug, Clone, Copy, PartialEq)]
struct Percent(#[within(0, 100)] u8);

#[test]
fn newtype_accessors_and_try_from() {
    let mut p = Percent::try_new(40).unwrap();
    p.set(100).unwrap();
    assert_eq!(p.get(), 100);
    let err = p.set(101).unwrap_err();
    assert_eq!(err.to_string(), "Percent must be within [0, 100], got 101");
    assert_eq!((err.owner(), err.field()), ("Percent", "0"));
    assert_eq!(p.get(), 100);
    assert_eq!(p.into_inner(), 100);
    assert_eq!(Percent::try_from(7).unwrap(), Percent(7));
    let err: Invalid = Percent::try_from(200).unwrap_err();
    assert_eq!(err.to_string(), "Percent must be within [0, 100], got 200");
    let converted: Result<Percent, _> = 55u8.try_into();
    assert_eq!(converted.unwrap().get(), 55);
}

/// A tuple struct with several fields: `get_<i>` and `set_<i>`, unmarked fields untouched.
#[derive(Validated, Debug)]
struct Rgb(
    #[within(0, 255)] u16,
    #[within(0, 255)] u16,
    #[within(0, 255)] u16,
    &'static str,
);

#[test]
fn tuple_struct_indexed_accessors() {
    let mut c = Rgb::try_new(10, 20, 30, "teal").unwrap();
    c.set_1(255).unwrap();
    let err = c.set_2(256).unwrap_err();
    assert_eq!(err.to_string(), "Rgb.2 must be within [0, 255], got 256");
    assert_eq!(
        (c.get_0(), c.get_1(), c.get_2(), c.3),
        (10, 255, 30, "teal")
    );
    let err = Rgb::try_new(300, 0, 400, "x").unwrap_err();
    let fields: Vec<_> = err.errors().iter().map(OutOfRange::field).collect();
    assert_eq!(fields, ["0", "2"]);
}

/// Checked by the compiler: an out-of-range constant does not build (see
/// `tests/ui/fail/new-const-out-of-range.rs`).
const HALF: Percent = Percent::new_const(50);

#[derive(Validated, Debug)]
struct Limits {
    #[within(1..=64)]
    threads: u8,
    #[within(0.0..1.0)]
    load: f32,
    name: &'static str,
}

const DEFAULT_LIMITS: Limits = Limits::new_const(8, 0.75, "default");

#[test]
fn new_const_builds_checked_constants() {
    assert_eq!(HALF.get(), 50);
    assert_eq!(
        (
            DEFAULT_LIMITS.threads(),
            DEFAULT_LIMITS.load(),
            DEFAULT_LIMITS.name
        ),
        (8, 0.75, "default")
    );
    assert_eq!(DEFAULT_LIMITS.validate(), Ok(()));
}

#[test]
fn new_const_panics_at_run_time_with_the_bound() {
    let threads = std::hint::black_box(65);
    let panic = std::panic::catch_unwind(|| Limits::new_const(threads, 0.5, "x")).unwrap_err();
    let message = panic.downcast_ref::<&str>().copied().unwrap_or_default();
    assert_eq!(message, "Limits.threads must be within [1, 64]");
    let nan = std::hint::black_box(f32::NAN);
    assert!(std::panic::catch_unwind(|| Limits::new_const(1, nan, "x")).is_err());
}

#[derive(Validated, Debug)]
struct Login {
    #[within(0, 9999, secret)]
    pin: u16,
    #[within(..=5)]
    attempts: u8,
}

#[test]
fn secret_values_never_enter_an_error() {
    let mut login = Login::try_new(1234, 0).unwrap();
    let err = login.set_pin(31_337).unwrap_err();
    assert_eq!(err.to_string(), "Login.pin must be within [0, 9999]");
    assert!(err.is_secret());
    assert_eq!(err.value(), None);
    assert!(!format!("{err:?}").contains("31337"));
    assert!(!format!("{:?}", Login::try_new(54_321, 0).unwrap_err()).contains("54321"));
    assert_eq!(err.violation(), Violation::AboveMax);
    assert!(Login::FIELDS[0].is_secret());
    // Other fields still show theirs.
    assert_eq!(
        login.set_attempts(6).unwrap_err().value().as_deref(),
        Some("6")
    );
}

#[test]
fn errors_are_data() {
    let mut r = ranges();
    let below = r.set_percent(255).unwrap_err();
    assert_eq!(below.code(), "above_max");
    assert_eq!(below.violation().code(), "above_max");
    assert_eq!(below.min().as_deref(), Some("0"));
    assert_eq!(below.max().as_deref(), Some("100"));
    assert_eq!(below.value().as_deref(), Some("255"));
    assert_eq!(r.set_digit(10).unwrap_err().code(), "above_max");
    assert_eq!(r.set_count(0).unwrap_err().code(), "below_min");
    assert_eq!(r.set_ratio(f64::NAN).unwrap_err().code(), "unordered");
    assert_eq!(Violation::BelowMin.to_string(), "below_min");
}

pub trait Bounds {
    const LOW: u16;
    const HIGH: u16;
}

pub struct Narrow;

impl Bounds for Narrow {
    const LOW: u16 = 2;
    const HIGH: u16 = 4;
}

#[derive(Validated, Debug)]
struct Qualified {
    #[within(<Narrow as Bounds>::LOW, <Narrow as Bounds>::HIGH)]
    width: u16,
}

#[test]
fn qualified_paths_read_as_written() {
    let spec = &Qualified::FIELDS[0];
    assert_eq!(spec.min(), Some("<Narrow as Bounds>::LOW"));
    assert_eq!(spec.max(), Some("<Narrow as Bounds>::HIGH"));
    let err = Qualified::try_new(5).unwrap_err();
    assert_eq!(
        err.to_string(),
        "Qualified.width must be within [2, 4], got 5"
    );
}

/// A getter of a primitive field is a `const fn`, so a constant built by `new_const` can be
/// read in another constant.
#[derive(Validated, Debug)]
struct Limit {
    #[within(1, 9)]
    level: u8,
    #[within(0, 9)]
    spare: Option<u8>,
}

const LIMIT: Limit = Limit::new_const(3, Some(4));
const LEVEL: u8 = LIMIT.level();
const SPARE: Option<u8> = LIMIT.spare();

#[test]
fn primitive_getters_are_const() {
    assert_eq!((LEVEL, SPARE), (3, Some(4)));
}
