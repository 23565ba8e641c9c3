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
//! # What cannot happen
//!
//! A value of a struct that derives [`Validated`] never holds a field outside its declared
//! bounds, whichever way it was made or changed: `try_new`, a setter, a draft, `Default`,
//! `Deserialize`, `new_const`, a struct written by `macro_rules!`, a generic instantiation.
//! The ways around a check that Rust users take by habit are compile errors:
//!
//! - a `pub` marked field (it could be written directly);
//! - `#[derive(Default)]`, or any `Default` the derive did not generate, on a struct without
//!   type or const parameters: use `#[within(default)]`, or mark a hand-written impl that
//!   goes through `try_new` with `#[within(manual(Default))]`;
//! - with the `serde` feature, `#[derive(Deserialize)]` (or any `Deserialize` the derive did not
//!   generate) on such a struct: use `#[within(deserialize)]`, or `manual(Deserialize)`;
//! - literal bounds that describe an empty range (`100, 0`, `'z'..='a'`, `true, false`), a NaN
//!   bound, constant bounds of a primitive type that do (`LOW, HIGH` with `LOW > HIGH`), and a
//!   constant `default = ..` outside its bounds.
//!
//! What remains is what remains for any invariant in Rust: code inside the module that defines
//! the struct can write a private field directly (`exam.math = 101`), as it can break any
//! type's invariants; [`Validated::validate`] finds such values. And the probes that refuse
//! an unchecked `Default` or `Deserialize` need a concrete type (a lifetime parameter is asked
//! about as `'static`): on a struct with type or const parameters they do not run, so such an
//! impl there is yours to check. The `Deserialize` probe also needs serde's trait: without the
//! `serde` feature a plain `#[derive(Deserialize)]` goes unnoticed, so a crate that derives
//! serde should turn the feature on.
//!
//! # What the derive generates
//!
//! For each field `f: T` marked `#[within(MIN, MAX)]`, where `MIN` and `MAX` are constant
//! expressions of type `T` (`0`, `-5`, `u8::MAX`, `0.5`, a `const`, `Duration::from_secs(1)`)
//! and `T` is [`Bounded`]:
//!
//! - `fn f(&self) -> T`, the value (a `const fn` for a primitive number, `char`, or an
//!   `Option` of one);
//! - `fn set_f(&mut self, f: T) -> Result<(), OutOfRange>`, which stores the value only if
//!   `MIN <= value <= MAX` (both inclusive; NaN is always rejected) and otherwise leaves the
//!   field as it was.
//!
//! For the struct:
//!
//! - `fn try_new(every field, in declaration order) -> Result<Self, Invalid>`, which reports
//!   every out-of-range field, not only the first;
//! - `const fn new_const(..) -> Self`, when every checked field is a primitive number or
//!   `char` (or an `Option` of one): in a constant, an out-of-range value fails the build;
//! - `impl Validated`, with [`validate`](Validated::validate), [`FIELDS`](Validated::FIELDS)
//!   and, with the `std` feature, [`registry`](Validated::registry).
//!
//! The methods have the struct's visibility and doc comments that state the bounds. Unmarked
//! fields are passed through `try_new` untouched. Generic structs and structs with lifetimes
//! derive too: a checked field whose type names a type parameter adds that type's bound to
//! the generated impls (`T: Bounded`), as std's derives add `T: Clone`; only
//! [tracking](Tracked) needs `T: Send + Sync + 'static`.
//!
//! # The attribute
//!
//! | on a field | accepts |
//! | --- | --- |
//! | `#[within(MIN, MAX)]`, `#[within(MIN..=MAX)]` | `MIN <= v <= MAX` |
//! | `#[within(MIN..MAX)]` | `MIN <= v < MAX` |
//! | `#[within(MIN..)]` | `MIN <= v` |
//! | `#[within(..=MAX)]`, `#[within(..MAX)]` | `v <= MAX`, `v < MAX` |
//! | `#[within(0, self.pool_size)]` (any form) | a bound that is another marked field's value |
//! | `#[within(len(1..=64))]` (any form) | `v.len()` in the range: strings, `Vec`, slices, maps, any [`Measured`] |
//! | `#[within(chars(1..=64))]` (any form) | the number of `char`s of a string (`AsRef<str>`) |
//! | `#[within(nested)]` | a struct that derives `Validated`, or an `Option`, `Box`, `Vec`, `VecDeque`, array, `Box<[T]>` or map (its values) of one |
//! | `nested` beside `len(..)`, `chars(..)` or rules (`len(1..=16), nested`) | both: the field's own checks and its structs' |
//! | then `, secret` | errors never hold or show the value |
//! | then `, default = EXPR` | the value `#[within(default)]` and a draft's `Default` start from |
//! | `check = path` (first, or after the bounds; repeatable) | `path(&v)` returns `true` or `Ok(())` |
//! | `one_of(A, B, ..)` | `v == A \|\| v == B ..`, any `PartialEq + Debug` type |
//! | `each(RULES)` | RULES (constant bounds, `len`, `chars`, `check`, `one_of`, the string rules) on every element of a `Vec`, `VecDeque`, array, `Box<[T]>`, set, or the values of a map, or an `Option` of one; `each(nested)` is `nested` |
//! | `email`, `url`, `pattern = "REGEX"` | on strings (`String`, `Box<str>`, `Cow<str>`, `&str`, an `Option` of one), with the features `email`, `url`, `regex` |
//! | `message = ".."`, `code = ".."` | the words and the [`code`](OutOfRange::code) of every rule of this attribute |
//! | then `, dynamic` | the bounds are read at each check (`#[within(1, max_conns(), dynamic)]`) |
//!
//! A bound or default is any expression of its type that Rust accepts there: literals,
//! `const`s by any path (`self::LIMIT`, `super::X`, `crate::X`, `Self::MAX`), `const fn`
//! calls with turbofish, arrays and repeats (`default = [0; 4]`), blocks. Constant bounds are
//! evaluated at compile time, once each: a literal out of its type's range is rustc's own
//! "literal out of range", and a bound of the wrong type is one error at the bound.
//!
//! A field of type `Option<T>` has bounds of type `T` and is checked only when `Some`.
//! Tuple structs get `get_0`/`set_0`, ..; a newtype (`struct Percent(u8)`) gets `get`, `set`,
//! `into_inner` and `TryFrom` (not over a type parameter, where it would overlap core's).
//!
//! **Bounds between fields.** `#[within(0, self.pool_size)] min_idle: u32` is checked
//! against `pool_size`'s value at every mutation, from both sides: `set_min_idle(9)` fails
//! while `pool_size` is 8, and `set_pool_size(3)` fails while `min_idle` is 4 (that error is
//! `pool_size`'s, `BelowMin`). `try_new`, `validate`, `new_const` and `Deserialize` report a
//! broken pair once, on the field that declares it: `Pool.min_idle must be within
//! [0, pool_size = 8], got 9`. The other field must be marked and have the same bound type.
//!
//! **Limits that change.** With `dynamic`, the bounds are expressions read at each check,
//! such as a limit from a configuration that is reloaded: every setter, `try_new`,
//! `validate` and `Deserialize` checks against the value of the moment, and an error shows
//! it (`Pool.conns must be within [1, 50], got 80`; a side that held shows as written). Such
//! a struct has no `new_const`, its bounds no compile-time check and no schema keyword.
//!
//! **Lengths.** The getter of a `len`/`chars` field lends it (`&str` for a `String`, `&[T]`
//! for a `Vec<T>`), the setter takes it owned and drops it if rejected; the error reports the
//! length, never the content: `User.name must have a length within [1, 64], got 0`.
//!
//! **Nested structs.** A `#[within(nested)]` field's values are valid by construction, so it
//! gets `f()` and `f_mut()` (whose values keep their own checked setters) instead of a
//! setter. `validate` descends, and each error has its [path](OutOfRange::path) from the
//! outermost struct: `Config.replicas[1].port must be at least 1024, got 80`. Errors come in
//! declaration order, a struct's own fields before those of the structs it holds.
//! `nested` beside a length or a rule (`#[within(len(1..=16), nested)]`) keeps both: the field
//! gets `f()` and a checked `set_f(v)`, no `f_mut()` (a change through `&mut` could break the
//! length), and `validate` and `Deserialize` report the length and every bad struct in it. A
//! rule's function takes the field's own type, so `Deserialize` runs it once the structs are
//! valid. Recursive types (`children: Vec<Node>`, `next: Option<Box<Self>>`) work on every path;
//! with `deserialize` or `schema`, the field's type must name the struct itself (two types that
//! hold each other, or an alias of the recursive type, overflow rustc's trait solver, E0275).
//!
//! | on the struct | effect |
//! | --- | --- |
//! | `#[within(crate = path)]` | generated code names the runtime by `path` (a renamed dependency) |
//! | `#[within(default)]` | `impl Default` through `try_new`, from each checked field's `default = ..` (others: their type's `Default`) |
//! | `#[within(draft = ExamDraft)]` | `pub struct ExamDraft` with the same fields, public and unchecked, and `TryFrom<ExamDraft>` reporting every error; `Default` for the draft when every field has one |
//! | `#[within(deserialize)]` | `serde::Deserialize` through the checks (feature `serde`); see below |
//! | `#[within(schema)]` | `schemars::JsonSchema` whose properties carry the constant bounds (feature `schemars`) |
//! | `#[within(manual(Default))]`, `#[within(manual(Deserialize))]` | a hand-written impl that goes through `try_new`; the derive then does not refuse it |
//! | `#[within(invariant = path)]` (repeatable), with `message`, `code` | `path(&self)` returns `true` or `Ok(())`; see below |
//!
//! Options combine in one attribute (`#[within(deserialize, default)]`) or several.
//!
//! **Your own rules.** `check = path` names a function of the field's value, `fn(&T)`, or of
//! what it borrows as (`fn(&str)` for a `String`, `fn(&[T])` for a `Vec<T>`), returning
//! `bool` or `Result<(), E>` with `E: Display`; for an `Option<T>` field it sees the `Some`
//! value. The error's [`code`](OutOfRange::code) is `"check"` and its text after the path is
//! the attribute's `message`, else `E`'s text, else `is invalid`. `one_of(A, B, ..)` compares
//! with each value (`code` `"one_of"`); a value of another type is a compile error at that
//! value. Rules run in the order written, after the bounds: a setter returns the first
//! failure, `try_new`, `validate()` and `Deserialize` report one error per failing rule. A
//! field may carry several `#[within(..)]` attributes, one of them with bounds, so that rules
//! needing different messages go in separate ones. A field with rules and no bounds has a
//! getter that lends it (copies a primitive) and a setter that checks the rules; a check that
//! panics leaves the field as it was.
//!
//! ```
//! use within_runtime::Validated;
//!
//! fn not_blank(name: &str) -> bool {
//!     !name.trim().is_empty()
//! }
//!
//! fn no_spaces(name: &str) -> Result<(), String> {
//!     match name.contains(' ') {
//!         true => Err("must not contain spaces".to_owned()),
//!         false => Ok(()),
//!     }
//! }
//!
//! #[derive(Validated, Debug)]
//! struct Signup {
//!     #[within(chars(3..=32), check = no_spaces)]
//!     #[within(check = not_blank, message = "must not be blank", code = "blank")]
//!     username: String,
//!     #[within(one_of("eu", "us"))]
//!     region: String,
//!     #[within(1..=64, message = "between 1 and 64 workers", code = "workers")]
//!     workers: u32,
//! }
//!
//! let mut signup = Signup::try_new("ann".into(), "eu".into(), 4)?;
//! let err = signup.set_username("ann lee".into()).unwrap_err();
//! assert_eq!(err.to_string(), "Signup.username must not contain spaces");
//! assert_eq!(err.code(), "check");
//! let err = signup.set_region("mars".into()).unwrap_err();
//! assert_eq!(err.to_string(), r#"Signup.region must be one of ["eu", "us"], got "mars""#);
//! let err = signup.set_workers(65).unwrap_err();
//! assert_eq!((err.to_string().as_str(), err.code()), ("Signup.workers between 1 and 64 workers", "workers"));
//! assert_eq!(signup.username(), "ann");
//!
//! let all = Signup::try_new("   ".into(), "mars".into(), 0).unwrap_err();
//! let codes: Vec<_> = all.errors().iter().map(|e| e.code()).collect();
//! assert_eq!(codes, ["check", "blank", "one_of", "workers"]);
//! # Ok::<(), within_runtime::Invalid>(())
//! ```
//!
//! **String rules.** `email`, `url` and `pattern = ".."` check a string field (`code`
//! `"email"`, `"url"`, `"pattern"`): `Signup.email must be an email address, got "x"`,
//! `... must be a URL, got ..`, `... must match ^[a-z]+$, got ..` (no value when `secret`).
//! The schema says `format: email`, `format: uri` and `pattern`.
//!
//! **Elements.** `#[within(len(..=16), each(chars(1..=32), check = lowercase))]` checks the
//! list's length, then every element; a setter returns the first failure, `try_new`,
//! `validate()` and `Deserialize` report every bad element, each at its path: `tags[1]`, a set's
//! element by value (`regions["mars"]`), a map's value by key (`limits["eu"]`). The error's
//! [`field`](OutOfRange::field) is the collection's name.
//!
//! ```
//! use within_runtime::Validated;
//!
//! #[derive(Validated, Debug)]
//! struct Post {
//!     #[within(len(..=4), each(chars(1..=8)))]
//!     tags: Vec<String>,
//!     #[within(each(0..=100))]
//!     limits: std::collections::BTreeMap<String, u32>,
//! }
//!
//! let mut post = Post::try_new(vec!["rust".into()], Default::default())?;
//! let err = post.set_tags(vec!["rust".into(), String::new()]).unwrap_err();
//! assert_eq!(err.to_string(), "Post.tags[1] must have a char count within [1, 8], got 0");
//! assert_eq!((err.field(), err.path()), ("tags", "tags[1]"));
//! let err = post.set_limits([("eu".to_owned(), 101)].into()).unwrap_err();
//! assert_eq!(err.to_string(), r#"Post.limits["eu"] must be within [0, 100], got 101"#);
//! # Ok::<(), within_runtime::Invalid>(())
//! ```
//!
//! **Invariants.** `#[within(invariant = path)]` on the struct names a `fn(&Self)` returning
//! `bool` or `Result<(), E: Display>`, run once the struct's own fields pass, by `try_new`,
//! `validate()`, drafts, `Default` and `Deserialize` (every failing invariant is reported),
//! and by every setter: the new value is written, the invariants run, and if one fails (or
//! panics) the old value is put back and the new one dropped. Its error has no field
//! (`field() == ""`), the struct's [path](OutOfRange::path) (`""` at the top,
//! `"rate_limit"` inside a `Config`), and `code()` `"invariant"`. A `#[within(nested)]` field of
//! a struct with invariants has a checked `set_f(value)` instead of `f_mut()`, since a change
//! through `&mut` would go unseen.
//!
//! ```
//! use within_runtime::Validated;
//!
//! fn burst_covers(limit: &RateLimit) -> bool {
//!     limit.burst >= limit.per_second
//! }
//!
//! #[derive(Validated, Debug)]
//! #[within(invariant = burst_covers, message = "burst must cover per_second")]
//! struct RateLimit {
//!     #[within(1..=10_000)]
//!     per_second: u32,
//!     #[within(1..=100_000)]
//!     burst: u32,
//! }
//!
//! let mut limit = RateLimit::try_new(10, 20)?;
//! let err = limit.set_burst(5).unwrap_err();
//! assert_eq!(err.to_string(), "RateLimit burst must cover per_second");
//! assert_eq!((err.field(), err.code(), limit.burst()), ("", "invariant", 20));
//! assert!(RateLimit::try_new(10, 5).is_err());
//! # Ok::<(), within_runtime::Invalid>(())
//! ```
//!
//! A draft reads like a struct literal:
//!
//! ```
//! use within_runtime::Validated;
//!
//! #[derive(Validated, Debug)]
//! #[within(draft = PoolDraft, default)]
//! pub struct Pool {
//!     #[within(1, 64, default = 8)]
//!     pool_size: u32,
//!     #[within(0, self.pool_size, default = 2)]
//!     min_idle: u32,
//!     #[within(len(1..=16), default = "pool".to_owned())]
//!     name: String,
//! }
//!
//! let mut pool = Pool::try_from(PoolDraft { pool_size: 4, ..Default::default() })?;
//! assert_eq!((pool.pool_size(), pool.min_idle(), pool.name()), (4, 2, "pool"));
//! assert_eq!(
//!     pool.set_min_idle(5).unwrap_err().to_string(),
//!     "Pool.min_idle must be within [0, pool_size = 4], got 5",
//! );
//! assert_eq!(
//!     pool.set_pool_size(1).unwrap_err().to_string(),
//!     "Pool.pool_size must be at least min_idle = 2, got 1",
//! );
//! assert_eq!(Pool::default().pool_size(), 8);
//! # Ok::<(), within_runtime::Invalid>(())
//! ```
//!
//! # Deserializing
//!
//! With the `serde` feature, `#[within(deserialize)]` reads the whole document into an
//! unchecked shadow of the struct (with the struct's `#[serde]` attributes: `rename_all`,
//! `default`, `deny_unknown_fields`, `flatten`, `with`, ..), then checks it, nested structs
//! included, and builds the value only if every check passes. A rejected document reports
//! every failure at once, each with its path in wire names, through the format's error type
//! (messages joined by `"; "`); serde's own errors (a syntax error, a missing field) come as
//! serde reports them. `Checked<T>` keeps the failures as an [`Invalid`] instead, and with
//! `serde`, `Invalid` and [`OutOfRange`] serialize, for an API's error response. A
//! `#[within(nested)]` field of a `#[within(deserialize)]` struct needs a type with
//! `#[within(deserialize)]` too, so that its failures join the document's.
//!
//! A field with `default = ..` in its `#[within]` starts there when the document lacks it
//! and serde would fill it (`#[serde(default)]`, `skip`, `skip_deserializing`), not at its
//! type's default. The `#[serde]` options that would build a value around the checks are
//! compile errors: `default = "path"` on the struct (use `#[serde(default)]` with a checked
//! `Default`), `from`/`try_from`, and `with`, `deserialize_with` or `default = "path"` on a
//! nested field.
//!
//! # JSON Schema
//!
//! With the `schemars` feature (schemars 1.x), `#[within(schema)]` generates a `JsonSchema`
//! whose properties carry `minimum`, `maximum` / `exclusiveMaximum` for numbers,
//! `minItems` / `maxItems` for `len(..)` on lists, `minProperties` / `maxProperties` on maps,
//! and `minLength` / `maxLength` for `chars(..)` on strings, `enum` for `one_of(..)` of
//! literals; nested structs by reference.
//! Constant bounds are evaluated (`MAX_RETRIES` included). Left out, because JSON Schema cannot
//! say them: `check` functions and invariants, bounds that name another field, bounds of a type that is not a number (`char`,
//! `Duration`), `dynamic` bounds, and `len(..)` on a string (bytes; JSON Schema counts
//! characters).
//!
//! The schema accepts what the checked `Deserialize` does: a field with `#[serde(alias)]` is
//! read by any one of its names (never two at once); a field read by `with` or
//! `deserialize_with` needs `#[schemars(with = "Type")]` or `#[schemars(schema_with =
//! "path")]` to say what the document holds (a compile error asks for it). The struct's doc
//! comment is its description, a field's is the property's; `#[schemars(title = "..")]` and
//! `#[schemars(description = "..")]` replace them, and other `#[schemars]` options are a
//! compile error rather than a schema that silently lacks them. A `#[within(nested)]` type
//! needs `#[within(schema)]` too, so that its bounds are in.
//!
//! # Features
//!
//! - `std` (default): [`Tracked`], [`WeakTracked`], [`Registry`] and the [`census`] of live
//!   owners. Without it
//!   the crate is `no_std` and needs only `alloc`; the derive, the checks and the errors all
//!   work.
//! - `serde`: `#[within(deserialize)]`, `Checked`, `Serialize` for the errors and for
//!   `Tracked<T>` (as its value).
//! - `schemars`: `#[within(schema)]`.
//! - `axum` (implies `serde` and `std`): the [`axum`] module, extractors for
//!   axum 0.8 (`Json`, `Query`, `Form`) whose rejections carry every error as JSON, and
//!   `IntoResponse` for [`Invalid`] and [`OutOfRange`].
//! - `email`: `#[within(email)]`, an address alone, its parts as the `email_address` crate parses
//!   them (no DNS).
//! - `url`: `#[within(url)]`, an absolute URL as `url::Url::parse` reads it.
//! - `regex`: `#[within(pattern = "REGEX")]`, compiled once, matching anywhere unless anchored
//!   with `^`/`$` (as JSON Schema's `pattern`); an invalid pattern is a compile error at the
//!   string. Needs `std`.
//!
//! A string rule without its feature is a compile error that names the feature.
//!
//! # Tracking without keeping alive
//!
//! A [`Registry`] holds no counted reference to its owners. When the last [`Tracked`] handle of
//! an owner drops, the owner leaves the registry and its allocation is freed at that moment,
//! so the registry's memory is bounded by the peak number of live owners, never by how many
//! were ever tracked. The [`registry`] module explains why a registry of
//! `Weak` pointers would not give that guarantee. A [`WeakTracked`] handle
//! ([`Tracked::downgrade`]) keeps neither the owner nor its memory, and
//! [`Registry::violators`] lists the live owners that break a rule now.

#![no_std]
#![deny(missing_docs, unsafe_op_in_unsafe_fn)]
#![cfg_attr(docsrs, feature(doc_cfg))]

extern crate alloc;
#[cfg(feature = "std")]
extern crate std;

extern crate self as within_runtime;

#[cfg(feature = "axum")]
#[cfg_attr(docsrs, doc(cfg(feature = "axum")))]
pub mod axum;
#[cfg(feature = "std")]
mod by_type;
#[cfg(feature = "std")]
mod census;
mod checks;
mod defaults;
#[cfg(feature = "serde")]
mod deserialize;
mod each;
mod error;
mod features;
mod field;
mod keyed;
mod keys;
#[cfg(feature = "std")]
mod lease;
mod lengths;
mod nested;
#[cfg(feature = "std")]
pub mod registry;
mod rules;
#[cfg(feature = "schemars")]
#[doc(hidden)]
pub mod schema;
#[cfg(feature = "serde")]
mod serialize;
#[cfg(feature = "std")]
mod shard;
#[cfg(feature = "std")]
mod shared;
#[cfg(feature = "std")]
mod sync;
// Model checks of the registry protocol; see the module and `.ci/run`.
#[cfg(all(test, loom, feature = "std"))]
mod loom_models;
#[cfg(feature = "std")]
mod tracked;
mod validated;
mod value;
#[cfg(feature = "std")]
mod weak;

#[doc(hidden)]
#[path = "private.rs"]
pub mod __private;

#[cfg(feature = "std")]
pub use crate::census::{census, Census, CensusRow, Growth, GrowthRow};
#[cfg(feature = "serde")]
pub use crate::deserialize::Checked;
pub use crate::error::{Invalid, Measure, OutOfRange, Violation};
pub use crate::field::{FieldSpec, RuleSpec};
pub use crate::lengths::Measured;
#[cfg(feature = "std")]
pub use crate::registry::{Registry, Stats};
#[cfg(feature = "std")]
pub use crate::tracked::{ReadGuard, Tracked, WriteGuard};
pub use crate::validated::Validated;
pub use crate::value::Bounded;
#[cfg(feature = "std")]
pub use crate::weak::WeakTracked;

/// Derives [`Validated`], with `try_new`, getters and checked setters; see the
/// [crate documentation](crate).
pub use within_derive::Validated;
