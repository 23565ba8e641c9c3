//! With the `serde` feature: errors as data for an API's error response.
//!
//! An [`OutOfRange`] serializes as a map, an [`Invalid`] as a list of them:
//!
//! ```json
//! [{"path": "primary.pool_size", "field": "pool_size", "code": "below_min",
//!   "measure": "value", "min": "1", "min_exclusive": false, "max": "64",
//!   "max_exclusive": false, "value": "0",
//!   "message": "Config.primary.pool_size must be within [1, 64], got 0"}]
//! ```
//!
//! Bounds and the value are the text that [`OutOfRange::min`], [`max`](OutOfRange::max) and
//! [`value`](OutOfRange::value) give (`Debug`), so that every field type, `Duration` as much
//! as `u8`, serializes the same way; `min` or `max` is `null` on a side without a bound, and
//! `value` is absent for a secret field. `measure` is [`Measure::code`](crate::Measure::code):
//! what was compared (`"len"` for a length, whose value is then the length).

use crate::{Invalid, OutOfRange};
use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};

impl Serialize for OutOfRange {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        // Bounds and the value are written into the serializer as text, never made into
        // `String`s first: an API's 422 writes every error of a document.
        let value = self.value_shown();
        let mut map = serializer.serialize_map(Some(9 + usize::from(value.is_some())))?;
        map.serialize_entry("path", self.path())?;
        map.serialize_entry("field", self.field())?;
        map.serialize_entry("code", self.code())?;
        map.serialize_entry("measure", self.measure().code())?;
        map.serialize_entry("min", &self.bound_shown(false).map(Text))?;
        map.serialize_entry("min_exclusive", &self.is_min_exclusive())?;
        map.serialize_entry("max", &self.bound_shown(true).map(Text))?;
        map.serialize_entry("max_exclusive", &self.is_max_exclusive())?;
        if let Some(value) = value {
            map.serialize_entry("value", &Text(value))?;
        }
        map.serialize_entry("message", &Message(self))?;
        map.end()
    }
}

/// The Display text, written straight into the serializer.
struct Message<'a>(&'a OutOfRange);

impl Serialize for Message<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self.0)
    }
}

/// Any text, written straight into the serializer as a string.
struct Text<T>(T);

impl<T: core::fmt::Display> Serialize for Text<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(&self.0)
    }
}

impl Serialize for Invalid {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(Some(self.errors().len()))?;
        for error in self.errors() {
            seq.serialize_element(error)?;
        }
        seq.end()
    }
}
