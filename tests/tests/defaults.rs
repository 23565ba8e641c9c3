//! `#[within(default)]`: a `Default` that goes through the checks.

use std::time::Duration;
use within_runtime::{Tracked, Validated};

const MAX_RETRIES: u8 = 5;

#[derive(Validated, Debug, PartialEq)]
#[within(default)]
struct Settings {
    #[within(1, 100, default = 10)]
    size: u8,
    #[within(0.0..1.0, default = 0.5)]
    ratio: f64,
    #[within(0, MAX_RETRIES, default = MAX_RETRIES)]
    retries: u8,
    #[within(Duration::from_secs(1), Duration::from_secs(60), default = Duration::from_secs(5))]
    timeout: Duration,
    #[within(0, 10, default = 3)]
    bonus: Option<u8>,
    #[within(0, 10, default = None)]
    extra: Option<u8>,
    #[within(len(1..=16), default = "api".to_owned())]
    name: String,
    #[within(0, self.size, default = 2)]
    min_idle: u8,
    note: String,
    #[within(nested)]
    inner: Inner,
}

#[derive(Validated, Debug, PartialEq)]
#[within(default)]
struct Inner {
    #[within(1..=9, default = 7)]
    level: i32,
}

#[test]
fn every_field_starts_at_its_default() {
    let s = Settings::default();
    assert_eq!(s.size(), 10);
    assert_eq!(s.ratio(), 0.5);
    assert_eq!(s.retries(), 5);
    assert_eq!(s.timeout(), Duration::from_secs(5));
    assert_eq!(s.bonus(), Some(3));
    assert_eq!(s.extra(), None);
    assert_eq!(s.name(), "api");
    assert_eq!(s.min_idle(), 2);
    assert_eq!(s.note, "");
    assert_eq!(s.inner().level(), 7);
    assert!(s.validate().is_ok());
    // The usual uses of `Default` work.
    let tracked = Tracked::new(Settings::default()).unwrap();
    assert_eq!(tracked.read().size(), 10);
}

/// A default that is not a constant is checked when `default()` runs, and says so.
#[derive(Validated, Debug)]
#[within(default)]
struct Computed {
    #[within(1, 10, default = computed())]
    value: u32,
}

fn computed() -> u32 {
    11
}

#[test]
fn a_computed_default_out_of_range_panics_with_the_error() {
    let panic = std::panic::catch_unwind(Computed::default).unwrap_err();
    let message = panic.downcast::<String>().unwrap();
    assert_eq!(
        *message,
        "the #[within(default)] values of Computed are out of range: \
         Computed.value must be within [1, 10], got 11"
    );
}
