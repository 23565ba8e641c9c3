//! The derive, the checks and the errors in a `#![no_std]` crate (with `alloc`).

#![no_std]

extern crate alloc;

use within_runtime::{Invalid, OutOfRange, Validated};

/// A sensor reading, checked without std.
#[derive(Validated, Debug, Clone, Copy, PartialEq)]
pub struct Reading {
    #[within(-40, 85)]
    celsius: i16,
    #[within(0.0..=1.0)]
    humidity: f32,
}

/// A checked constant, built by the compiler.
pub const ROOM: Reading = Reading::new_const(21, 0.4);

/// Applies a new temperature, reporting the error as text.
pub fn update(reading: &mut Reading, celsius: i16) -> Result<(), alloc::string::String> {
    reading
        .set_celsius(celsius)
        .map_err(|err: OutOfRange| alloc::format!("{err}"))
}

/// Builds a reading, keeping every failure.
pub fn build(celsius: i16, humidity: f32) -> Result<Reading, Invalid> {
    Reading::try_new(celsius, humidity)
}

#[cfg(test)]
mod tests {
    extern crate std;

    use super::*;
    use alloc::string::ToString;

    #[test]
    fn checks_and_errors_work_without_std() {
        let mut reading = ROOM;
        assert_eq!(update(&mut reading, 30), Ok(()));
        assert_eq!(
            update(&mut reading, 90).unwrap_err(),
            "Reading.celsius must be within [-40, 85], got 90"
        );
        assert_eq!(reading.celsius(), 30);
        let err = build(-50, 2.0).unwrap_err();
        assert_eq!(err.errors().len(), 2);
        assert_eq!(
            err.to_string(),
            "Reading.celsius must be within [-40, 85], got -50; \
             Reading.humidity must be within [0.0, 1.0], got 2.0"
        );
        let as_error: &dyn core::error::Error = &err;
        assert!(as_error.source().is_none());
    }
}
