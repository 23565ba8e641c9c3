//! Structs of every shape the derive accepts: generic, with lifetimes, with unmarked fields,
//! raw identifiers, several visibilities.

use within_runtime::{Invalid, Validated};

/// Unmarked fields go through `try_new` untouched, whatever their type.
#[derive(Validated, Debug, PartialEq)]
struct Student {
    name: String,
    #[within(0, 100)]
    score: u8,
    tags: Vec<&'static str>,
}

#[test]
fn unmarked_fields_pass_through_try_new_untouched() {
    let student = Student::try_new("Ada".to_owned(), 99, vec!["math"]).unwrap();
    assert_eq!(student.name, "Ada");
    assert_eq!(student.tags, ["math"]);
    assert_eq!(student.score(), 99);
    assert_eq!(Student::FIELDS.len(), 1);
    // Only the marked field is checked; the unmarked ones are moved in as given.
    let err = Student::try_new(String::new(), 101, Vec::new()).unwrap_err();
    assert_eq!(err.errors().len(), 1);
    assert_eq!(err.errors()[0].field(), "score");
}

/// A generic struct: the marked field is concrete, the payload generic.
#[derive(Validated, Debug)]
struct Tagged<T> {
    #[within(1, 10)]
    priority: u32,
    payload: T,
}

#[test]
fn generic_struct_checks_its_fields() {
    let mut tagged = Tagged::try_new(3, vec![1.5, 2.5]).unwrap();
    assert!(tagged.set_priority(11).is_err());
    assert_eq!(tagged.priority(), 3);
    assert_eq!(tagged.payload, [1.5, 2.5]);
    assert!(Tagged::<&str>::try_new(0, "x").is_err());
}

/// A marked field whose type is the parameter, with bounds from a trait.
trait Limits: Copy {
    const LOW: Self;
    const HIGH: Self;
}

impl Limits for u8 {
    const LOW: u8 = 10;
    const HIGH: u8 = 20;
}

impl Limits for f64 {
    const LOW: f64 = -1.0;
    const HIGH: f64 = 1.0;
}

#[derive(Validated, Debug)]
struct Between<T: Limits + within_runtime::Bounded> {
    #[within(T::LOW, T::HIGH)]
    value: T,
}

#[test]
fn generic_field_with_bounds_from_a_trait() {
    let mut byte = Between::<u8>::try_new(15).unwrap();
    assert_eq!(
        byte.set_value(21).unwrap_err().to_string(),
        "Between.value must be within [10, 20], got 21"
    );
    assert_eq!(byte.value(), 15);
    let mut float = Between::<f64>::try_new(0.5).unwrap();
    assert!(float.set_value(f64::NAN).is_err());
    assert_eq!(float.value(), 0.5);
    assert_eq!(Between::<u8>::FIELDS[0].min(), Some("T::LOW"));
}

/// A struct with a lifetime derives and checks; it just cannot be tracked.
#[derive(Validated, Debug)]
struct View<'a> {
    label: &'a str,
    #[within(-10, 10)]
    offset: i32,
}

#[test]
fn struct_with_a_lifetime() {
    let text = String::from("borrowed");
    let mut view = View::try_new(&text, -10).unwrap();
    assert_eq!(view.label, "borrowed");
    assert!(view.set_offset(-11).is_err());
    view.set_offset(10).unwrap();
    assert_eq!(view.offset(), 10);
    assert_eq!(view.validate(), Ok(()));
}

/// A where clause and a defaulted parameter are carried onto the impls.
#[derive(Validated)]
struct Weighted<T = u8>
where
    T: Clone,
{
    #[within(0.0, 1.0)]
    weight: f32,
    item: T,
}

#[test]
fn where_clause_and_default_parameter() {
    let weighted: Weighted = Weighted::try_new(0.5, 7u8).unwrap();
    assert_eq!(weighted.item, 7);
    assert_eq!(weighted.weight(), 0.5);
}

/// Raw identifiers: the getter keeps the raw name, the setter and messages drop the `r#`.
#[derive(Validated, Debug)]
#[allow(non_camel_case_types)]
struct r#match {
    #[within(1, 3)]
    r#type: u8,
    #[within(0, 1)]
    r#loop: u8,
}

#[test]
fn raw_identifiers() {
    let mut m = r#match::try_new(2, 0).unwrap();
    assert_eq!(m.r#type(), 2);
    let err = m.set_type(4).unwrap_err();
    assert_eq!(err.to_string(), "match.type must be within [1, 3], got 4");
    m.set_loop(1).unwrap();
    assert_eq!(m.r#loop(), 1);
    assert_eq!(r#match::FIELDS[0].name(), "type");
}

/// No marked fields at all: `try_new` is a plain constructor and `validate` always passes.
#[derive(Validated, Debug, PartialEq)]
struct Plain {
    a: String,
}

#[test]
fn struct_without_marked_fields() {
    let plain = Plain::try_new("x".to_owned()).unwrap();
    assert_eq!(plain.validate(), Ok(()));
    assert!(Plain::FIELDS.is_empty());
}

#[derive(Validated)]
struct Empty {}

#[test]
fn struct_without_fields() {
    assert!(Empty::try_new().is_ok());
}

mod inner {
    use within_runtime::Validated;

    /// A `pub(crate)` struct gets `pub(crate)` methods, usable from outside this module.
    #[derive(Validated, Debug)]
    pub(crate) struct Crate {
        #[within(0, 9)]
        digit: u8,
    }

    /// A private struct's methods stay private; `pub(self)` counts as private on a field.
    #[derive(Validated)]
    struct Hidden {
        #[within(0, 9)]
        pub(self) digit: u8,
    }

    pub fn hidden_digit() -> u8 {
        Hidden::try_new(4).unwrap().digit()
    }
}

#[test]
fn methods_take_the_struct_visibility() {
    let mut c = inner::Crate::try_new(5).unwrap();
    c.set_digit(9).unwrap();
    assert_eq!(c.digit(), 9);
    assert_eq!(inner::hidden_digit(), 4);
}

/// `validate` catches a value built without the checks (possible only inside the defining
/// module), reporting every field.
#[test]
fn validate_reports_values_built_around_the_checks() {
    let bad = Tagged {
        priority: 0,
        payload: (),
    };
    let err: Invalid = bad.validate().unwrap_err();
    assert_eq!(
        err.errors()[0].to_string(),
        "Tagged.priority must be within [1, 10], got 0"
    );
}

/// The error types can cross threads and outlive everything, as errors should.
#[test]
fn errors_are_send_sync_static() {
    fn assert_error<E: std::error::Error + Send + Sync + 'static>() {}
    assert_error::<within_runtime::OutOfRange>();
    assert_error::<Invalid>();
    let err = std::thread::spawn(|| Tagged::try_new(99, ()).unwrap_err())
        .join()
        .unwrap();
    assert_eq!(err.errors()[0].field(), "priority");
}

/// `Invalid` from one `OutOfRange`, equality and cloning.
#[test]
fn invalid_from_out_of_range() {
    let mut t = Tagged::try_new(1, ()).unwrap();
    let single = t.set_priority(0).unwrap_err();
    let invalid = Invalid::from(single.clone());
    assert_eq!(invalid.errors(), std::slice::from_ref(&single));
    assert_eq!(invalid.to_string(), single.to_string());
    assert_eq!(invalid.clone(), invalid);
    let other = t.set_priority(11).unwrap_err();
    assert_ne!(single, other);
    assert!(format!("{single:?}").contains("value: 0"));
}

/// A field type larger than 16 bytes: its rejected value is boxed inside the error, and the
/// error still clones, compares, prints and frees it (LeakSanitizer in CI checks the last).
#[derive(Clone, Copy, Debug, PartialEq, PartialOrd)]
struct Wide([u64; 4]);

// `Wide([0; 4])` is beyond the expressions the derive reads; constants are not.
const LOW: Wide = Wide([0; 4]);
const HIGH: Wide = Wide([9; 4]);

#[derive(Validated, Debug)]
struct Big {
    #[within(LOW, HIGH)]
    wide: Wide,
    #[within(0, 9, secret)]
    hidden: u128,
}

#[test]
fn large_values_are_kept_in_errors() {
    let mut big = Big::try_new(Wide([1; 4]), 0).unwrap();
    let err = big.set_wide(Wide([10, 0, 0, 0])).unwrap_err();
    assert_eq!(
        err.to_string(),
        "Big.wide must be within [Wide([0, 0, 0, 0]), Wide([9, 9, 9, 9])], got Wide([10, 0, 0, 0])"
    );
    let copy = err.clone();
    assert_eq!(copy, err);
    drop(err);
    assert_eq!(copy.value().as_deref(), Some("Wide([10, 0, 0, 0])"));
    let other = big.set_wide(Wide([11, 0, 0, 0])).unwrap_err();
    assert_ne!(copy, other);
    assert_eq!(big.wide(), Wide([1; 4]));
    let invalid = Big::try_new(Wide([99; 4]), 10).unwrap_err();
    assert_eq!(invalid.clone(), invalid);
    assert_eq!(
        invalid.to_string(),
        "Big.wide must be within [Wide([0, 0, 0, 0]), Wide([9, 9, 9, 9])], got Wide([99, 99, 99, 99]); \
         Big.hidden must be within [0, 9]"
    );
}
