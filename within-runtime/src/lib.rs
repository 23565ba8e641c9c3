//! Range-checked struct fields, and a registry of validated owners that never keeps them alive.
//!
//! Mark fields with `#[within(min, max)]` and derive [`Validated`]: the struct gets a checked
//! constructor, a getter and a checked setter per marked field, so an out-of-range value never
//! gets in. Share the result as a [`Tracked`] handle and its type's [`Registry`] knows every
//! live one, without keeping any of them, or their memory, alive.
//!
//! ```
//! use within_runtime::{Tracked, Validated};
//!
//! #[derive(Validated, Debug, Clone, PartialEq)]
//! pub struct Exam {
//!     #[within(0, 100)]
//!     math: u32,
//!     #[within(0, 100)]
//!     physics: u32,
//!     #[within(0, 100)]
//!     chemistry: u32,
//! }
//!
//! let mut exam = Exam::try_new(95, 92, 88)?;
//! exam.set_math(98)?;
//! assert_eq!(exam.math(), 98);
//!
//! let err = exam.set_math(101).unwrap_err(); // rejected ...
//! assert_eq!(exam.math(), 98); //               ... and nothing changed
//! assert_eq!(err.to_string(), "Exam.math must be within [0, 100], got 101");
//!
//! let err = Exam::try_new(101, 50, -1i32 as u32).unwrap_err(); // every bad field at once
//! assert_eq!(err.errors().len(), 2);
//!
//! let shared = Tracked::new(exam)?; // validated, registered, weakly held
//! assert_eq!(Exam::registry().len(), 1);
//! shared.write().set_physics(99)?;
//! drop(shared); //                     last handle gone ...
//! assert!(Exam::registry().is_empty()); // ... registry empty, memory freed
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # What the derive generates
//!
//! For each field `f: T` marked `#[within(MIN, MAX)]`, where `MIN` and `MAX` are constant
//! expressions of type `T` (`0`, `-5`, `u8::MAX`, `0.5`, a `const`, `Duration::from_secs(1)`)
//! and `T` is [`Bounded`]:
//!
//! - `fn f(&self) -> T`, the value;
//! - `fn set_f(&mut self, value: T) -> Result<(), OutOfRange>`, which stores `value` only if
//!   `MIN <= value <= MAX` (both inclusive; NaN is always rejected) and otherwise leaves the
//!   field as it was.
//!
//! For the struct:
//!
//! - `fn try_new(every field, in declaration order) -> Result<Self, Invalid>`, which reports
//!   every out-of-range field, not only the first;
//! - `const fn new_const(..) -> Self`, when every checked field is a primitive number or
//!   `char`: in a constant, an out-of-range value fails the build;
//! - `impl Validated`, with [`validate`](Validated::validate), [`FIELDS`](Validated::FIELDS)
//!   and, with the `std` feature, [`registry`](Validated::registry).
//!
//! The methods have the struct's visibility and doc comments that state the bounds. Unmarked
//! fields are passed through `try_new` untouched. Generic structs and structs with lifetimes
//! derive too; only [tracking](Tracked) needs `T: Send + Sync + 'static`.
//!
//! # The attribute
//!
//! | on a field | accepts |
//! | --- | --- |
//! | `#[within(MIN, MAX)]`, `#[within(MIN..=MAX)]` | `MIN <= v <= MAX` |
//! | `#[within(MIN..MAX)]` | `MIN <= v < MAX` |
//! | `#[within(MIN..)]` | `MIN <= v` |
//! | `#[within(..=MAX)]`, `#[within(..MAX)]` | `v <= MAX`, `v < MAX` |
//! | any of these, then `, secret` | the same; errors never hold or show the value |
//!
//! A field of type `Option<T>` has bounds of type `T` and is checked only when `Some`.
//! Tuple structs get `get_0`/`set_0`, ..; a newtype (`struct Percent(u8)`) gets `get`, `set`,
//! `into_inner` and `TryFrom`.
//!
//! | on the struct | effect |
//! | --- | --- |
//! | `#[within(crate = path)]` | generated code names the runtime by `path` (a renamed dependency) |
//! | `#[within(deserialize)]` | a `serde::Deserialize` impl that goes through the checks (feature `serde`); errors name fields as they are on the wire |
//!
//! A marked field must be private: a `pub` field could be written directly, around the check,
//! so the derive rejects it at compile time, along with malformed attributes and literal
//! bounds that describe an empty range.
//!
//! # Features
//!
//! - `std` (default): [`Tracked`] and [`Registry`]. Without it the crate is `no_std` and needs
//!   only `alloc`; the derive, the checks and the errors all work.
//! - `serde`: `#[within(deserialize)]`.
//!
//! # Tracking without keeping alive
//!
//! A [`Registry`] holds no counted reference to its owners. When the last [`Tracked`] handle of
//! an owner drops, the owner leaves the registry and its allocation is freed at that moment,
//! so the registry's memory is bounded by the peak number of live owners, never by how many
//! were ever tracked. The [`registry`] module explains why a registry of
//! `Weak` pointers would not give that guarantee.

#![no_std]
#![deny(missing_docs, unsafe_op_in_unsafe_fn)]
#![cfg_attr(docsrs, feature(doc_cfg))]

extern crate alloc;
#[cfg(feature = "std")]
extern crate std;

extern crate self as within_runtime;

#[cfg(feature = "std")]
mod census;
mod error;
mod field;
#[cfg(feature = "std")]
pub mod registry;
#[cfg(feature = "std")]
mod sync;
// Model checks of the registry protocol; see the module and `.ci/run`.
#[cfg(all(test, loom, feature = "std"))]
mod loom_models;
#[cfg(feature = "std")]
mod tracked;
mod validated;
mod value;

#[doc(hidden)]
#[path = "private.rs"]
pub mod __private;

#[cfg(feature = "std")]
pub use crate::census::{census, Census, CensusRow, Growth, GrowthRow};
pub use crate::error::{Invalid, OutOfRange, Violation};
pub use crate::field::FieldSpec;
#[cfg(feature = "std")]
pub use crate::registry::{Registry, Stats};
#[cfg(feature = "std")]
pub use crate::tracked::{ReadGuard, Tracked, WriteGuard};
pub use crate::validated::Validated;
pub use crate::value::Bounded;

/// Derives [`Validated`], with `try_new`, getters and checked setters; see the
/// [crate documentation](crate).
pub use within_derive::Validated;
