//! The errors a check reports: [`OutOfRange`] for one field, [`Invalid`] for a whole struct.

use crate::value::{fits_inline, Bounded, RawValue, VTableOf, ValueVTable};
use alloc::boxed::Box;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::fmt::{self, Debug, Display};
use core::marker::PhantomData;

/// Which side of the range a rejected value fell on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Violation {
    /// The value is less than the minimum (or equal to a minimum it must exceed).
    BelowMin,
    /// The value is greater than the maximum, or equal to an exclusive maximum.
    AboveMax,
    /// The value is not comparable with the bounds: a floating-point NaN.
    Unordered,
    /// A keyed value's key is the key of a live owner already (`#[within(key)]`).
    DuplicateKey,
    /// A value made for a key has another key (`Registry::get_or_try_insert_with`).
    KeyMismatch,
    /// A `check = path` function refused the value.
    Check,
    /// The value is none of the `one_of(..)` values.
    OneOf,
    /// An `invariant = path` function on the struct refused the whole struct.
    Invariant,
    /// The string is not an email address (`#[within(email)]`).
    Email,
    /// The string is not an absolute URL (`#[within(url)]`).
    Url,
    /// The string does not match the `pattern = ".."`.
    Pattern,
}

impl Violation {
    /// A stable, machine-readable name: `"below_min"`, `"above_max"`, `"unordered"`,
    /// `"check"`, `"one_of"`, `"invariant"`, `"email"`, `"url"`, `"pattern"`, `"duplicate_key"` or
    /// `"key_mismatch"`.
    pub const fn code(self) -> &'static str {
        match self {
            Violation::BelowMin => "below_min",
            Violation::AboveMax => "above_max",
            Violation::Unordered => "unordered",
            Violation::DuplicateKey => "duplicate_key",
            Violation::KeyMismatch => "key_mismatch",
            Violation::Check => "check",
            Violation::OneOf => "one_of",
            Violation::Invariant => "invariant",
            Violation::Email => "email",
            Violation::Url => "url",
            Violation::Pattern => "pattern",
        }
    }

    /// What a key error's message says the key must be, for the two key violations.
    fn key_rule(self) -> Option<&'static str> {
        match self {
            Violation::DuplicateKey => Some("unique among live owners"),
            Violation::KeyMismatch => Some("the key asked for"),
            _ => None,
        }
    }

    /// Whether this is a failure of a range (`below_min`, `above_max`, `unordered`), which has
    /// bounds, rather than of another rule.
    pub const fn is_range(self) -> bool {
        matches!(
            self,
            Violation::BelowMin | Violation::AboveMax | Violation::Unordered
        )
    }
}

impl Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// What a check compared with its bounds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Measure {
    /// The field's value itself: `#[within(MIN, MAX)]`.
    Value,
    /// The field's length, [`Measured::len`](crate::Measured::len): `#[within(len(..))]`.
    Len,
    /// The number of `char`s of a string field: `#[within(chars(..))]`.
    Chars,
}

/// The [`code`](Measure::code): `value`, `len` or `chars`.
impl Display for Measure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl Measure {
    /// A stable, machine-readable name: `"value"`, `"len"` or `"chars"`.
    pub const fn code(self) -> &'static str {
        match self {
            Measure::Value => "value",
            Measure::Len => "len",
            Measure::Chars => "chars",
        }
    }
}

/// One side of a field's range, as the derive read it.
#[doc(hidden)]
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// Unbounded on this side.
    Open,
    /// A constant, which the site's `bounds` function prints.
    Const,
    /// Another field of the same struct, named here, and whether it is secret (then an error
    /// never holds or shows its value); its value is read at each check.
    Field(&'static str, bool),
    /// A bound read from run-time state (`#[within(1, max_conns(), dynamic)]`), written as
    /// here; its value is read at each check, and an error holds the value of the moment when
    /// it is the side broken.
    Dynamic(&'static str),
}

/// Where a check happened, fixed at compile time: the struct and field, the bounds and how to
/// word errors about them, for a check whose bounds are of type `T`. Generated code builds one
/// per check in a constant, so an error carries a single pointer to all of it.
///
/// The type parameter ties the site's vtable to the values checked with it: the checks for a
/// `T` take a `Site<T>` only, so an error never reads a value with another type's functions.
#[doc(hidden)]
pub struct Site<T> {
    data: SiteData,
    _type: PhantomData<fn() -> T>,
}

/// A `Site` with its type erased, as an error keeps it.
pub(crate) struct SiteData {
    owner: &'static str,
    field: &'static str,
    shape: Shape,
    /// Prints the constant minimum (`false`) or maximum (`true`).
    bounds: fn(bool, &mut fmt::Formatter<'_>) -> fmt::Result,
    /// What the bound type can do, for the value (and bound) an error holds.
    value: &'static ValueVTable,
}

/// How a field is checked, for [`Site::new`].
#[doc(hidden)]
#[derive(Clone, Copy)]
pub struct Shape {
    /// Never hold or show the value.
    pub secret: bool,
    /// The one field of a newtype: messages name the struct alone.
    pub newtype: bool,
    pub measure: Measure,
    pub min: Side,
    pub max: Side,
    pub min_exclusive: bool,
    pub max_exclusive: bool,
    /// The attribute's `code = ".."`, which replaces the violation's code.
    pub code: Option<&'static str>,
    /// The attribute's `message = ".."`, which replaces the text after the path.
    pub message: Option<&'static str>,
}

impl<T> Site<T> {
    /// A site for `owner.field` whose bounds are of type `T` and whose constant bounds
    /// `bounds` prints.
    pub const fn new(
        owner: &'static str,
        field: &'static str,
        shape: Shape,
        bounds: fn(bool, &mut fmt::Formatter<'_>) -> fmt::Result,
        vtable: &'static VTableOf<T>,
    ) -> Self {
        Site {
            data: SiteData {
                owner,
                field,
                shape,
                bounds,
                value: vtable.vtable,
            },
            _type: PhantomData,
        }
    }
}

/// The site of a key error of `owner.field`: no bounds, a value that is the key's `Debug` text.
#[cfg(feature = "std")]
pub(crate) const fn key_site(owner: &'static str, field: &'static str) -> SiteData {
    SiteData {
        owner,
        field,
        shape: Shape {
            secret: false,
            newtype: false,
            measure: Measure::Value,
            min: Side::Open,
            max: Side::Open,
            min_exclusive: false,
            max_exclusive: false,
            code: None,
            message: None,
        },
        bounds: |_, _| Ok(()),
        value: crate::value::TEXT_VTABLE,
    }
}

impl<T> Site<T> {
    pub(crate) fn shape(&self) -> &Shape {
        &self.data.shape
    }
}

impl<T> Debug for Site<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Site")
            .field("owner", &self.data.owner)
            .field("field", &self.data.field)
            .finish_non_exhaustive()
    }
}

const MIN: bool = false;
const MAX: bool = true;

/// A value rejected by a `#[within(..)]` check: a range or length, a `check = path`, a
/// `one_of(..)`, or a struct's `invariant = path` (then [`field`](OutOfRange::field) is empty).
/// The name is the one it had when ranges were the only rule; [`violation`](OutOfRange::violation)
/// says which rule failed.
///
/// It records the struct and field, the bounds and the rejected value, and prints them:
///
/// ```
/// use within_runtime::Validated;
///
/// #[derive(Validated)]
/// struct Exam {
///     #[within(0, 100)]
///     math: u32,
/// }
///
/// let mut exam = Exam::try_new(90).unwrap();
/// let err = exam.set_math(101).unwrap_err();
/// assert_eq!(err.owner(), "Exam");
/// assert_eq!(err.field(), "math");
/// assert_eq!(err.to_string(), "Exam.math must be within [0, 100], got 101");
/// assert_eq!(exam.math(), 90);
/// ```
///
/// Bounds and value are kept as the values themselves, not as text, and printed with `Debug`
/// only when the error is displayed: rejecting a value of 16 bytes or less (every primitive
/// number, `Duration`, a length) allocates nothing, and neither does rejecting a value whose
/// bound is another field. Only an error inside a nested struct, reported by
/// [`Validated::validate`](crate::Validated::validate) or a checked `Deserialize`, allocates
/// the [`path`](OutOfRange::path) to it.
pub struct OutOfRange {
    site: &'static SiteData,
    /// The rejected value, or its length for `len`/`chars`; unset, and never read, for a secret
    /// field.
    value: RawValue,
    /// The value of the bound the check broke, when that bound is another field; else unset.
    bound: RawValue,
    /// Where the field is, when it is not a field of the struct that was checked, and what a
    /// rule other than a range says. One box for both, so that an error stays 56 bytes and a
    /// range's error in a top-level field allocates nothing.
    extra: Option<Box<Extra>>,
    violation: Violation,
    /// `VALUE_BOXED`, `BOUND_SET`, `BOUND_BOXED`.
    flags: u8,
}

/// An error's place inside a nested struct: `Config` and `primary.pool_size`.
#[derive(Clone, PartialEq)]
struct Located {
    root: &'static str,
    path: String,
}

/// What an error holds beside its site and values, boxed.
#[derive(Clone, PartialEq, Default)]
struct Extra {
    located: Option<Located>,
    detail: Option<Detail>,
}

/// The text a rule other than a range gives, made when it fails.
#[derive(Clone, PartialEq)]
struct Detail {
    /// A check's or an invariant's own words: its error's `Display`.
    text: Option<String>,
    /// The rejected value, printed with `Debug`, for a rule that shows it (`one_of`); never
    /// for a secret field.
    value: Option<String>,
}

/// `value` holds a box to free: the value is larger than 16 bytes.
const VALUE_BOXED: u8 = 1;
/// `bound` holds a value.
const BOUND_SET: u8 = 2;
/// `bound` holds a box to free.
const BOUND_BOXED: u8 = 4;

impl OutOfRange {
    /// Records that `value` failed the check at `site` for `violation`; `bound` is the value
    /// of the side it broke, if that side is another field. The value of a secret field is not
    /// kept.
    #[inline]
    pub(crate) fn new<T: Bounded>(
        site: &'static Site<T>,
        violation: Violation,
        value: T,
        bound: Option<T>,
    ) -> Self {
        let site = &site.data;
        let keep = !site.shape.secret;
        let mut flags = 0;
        let value = if keep {
            if !fits_inline::<T>() {
                flags |= VALUE_BOXED;
            }
            RawValue::new(value)
        } else {
            RawValue::empty()
        };
        let bound = match bound {
            Some(bound) => {
                flags |= BOUND_SET;
                if !fits_inline::<T>() {
                    flags |= BOUND_BOXED;
                }
                RawValue::new(bound)
            }
            None => RawValue::empty(),
        };
        OutOfRange {
            site,
            value,
            bound,
            extra: None,
            violation,
            flags,
        }
    }

    /// A key error (`DuplicateKey`, `KeyMismatch`) at a site made by `key_site`, whose value is
    /// the key's `Debug` text.
    #[cfg(feature = "std")]
    pub(crate) fn key(site: &'static SiteData, violation: Violation, text: String) -> Self {
        OutOfRange {
            site,
            value: RawValue::text(text),
            bound: RawValue::empty(),
            extra: None,
            violation,
            flags: VALUE_BOXED,
        }
    }

    /// Records that a rule other than a range (`violation`) failed at `site`, with the rule's
    /// own words (`text`) and the rejected value as `one_of` shows it (`value`, dropped for a
    /// secret field).
    #[cold]
    pub(crate) fn rule(
        site: &'static Site<()>,
        violation: Violation,
        text: Option<String>,
        value: Option<String>,
    ) -> Self {
        let site = &site.data;
        let value = value.filter(|_| !site.shape.secret);
        OutOfRange {
            site,
            value: RawValue::empty(),
            bound: RawValue::empty(),
            extra: Some(Box::new(Extra {
                located: None,
                detail: Some(Detail { text, value }),
            })),
            violation,
            flags: 0,
        }
    }

    /// Places this error of a field of `owner`'s struct at `path` from the outermost struct
    /// `root`.
    pub(crate) fn locate(&mut self, root: &'static str, path: String) {
        self.extra.get_or_insert_with(Box::default).located = Some(Located { root, path });
    }

    fn located(&self) -> Option<&Located> {
        self.extra.as_ref()?.located.as_ref()
    }

    fn detail(&self) -> Option<&Detail> {
        self.extra.as_ref()?.detail.as_ref()
    }

    /// Whether the field is the one field of a newtype, which messages name by the struct.
    pub(crate) fn is_newtype(&self) -> bool {
        self.site.shape.newtype
    }

    /// The name of the struct the field belongs to, as written in its definition (`"Exam"`).
    /// For an error inside a nested struct, that is the inner struct.
    pub fn owner(&self) -> &'static str {
        self.site.owner
    }

    /// The name of the field, without any `r#` prefix (`"math"`); `"0"`, `"1"`, .. for the
    /// fields of a tuple struct. Errors of a checked `Deserialize` name it as it is on the wire.
    pub fn field(&self) -> &'static str {
        self.site.field
    }

    /// Where the field is, from the outermost struct that was checked: the field's name for a
    /// field of that struct (`"pool_size"`), or a path through nested fields, list elements
    /// and their fields (`"primary.pool_size"`, `"replicas[1].port"`). Empty for the value of a
    /// newtype checked on its own.
    pub fn path(&self) -> &str {
        match self.located() {
            Some(located) => &located.path,
            None if self.site.shape.newtype => "",
            None => self.site.field,
        }
    }

    /// The struct the [`path`](OutOfRange::path) starts from: the outermost struct checked.
    pub fn root(&self) -> &'static str {
        match self.located() {
            Some(located) => located.root,
            None => self.site.owner,
        }
    }

    /// Which side of the range the value fell on.
    pub fn violation(&self) -> Violation {
        self.violation
    }

    /// A stable, machine-readable name of the failure: the rule's `code = ".."` if it has one,
    /// else [`Violation::code`] (`"below_min"`, `"check"`, `"one_of"`, `"invariant"`, ..).
    pub fn code(&self) -> &'static str {
        match self.site.shape.code {
            Some(code) => code,
            None => self.violation.code(),
        }
    }

    /// The rule's own words: its `message = ".."` if it has one, else what a check or an
    /// invariant said (its error's `Display`); `None` for a range or `one_of` without a
    /// message, whose text is made from the bounds or the values.
    pub fn message(&self) -> Option<&str> {
        match self.site.shape.message {
            Some(message) => Some(message),
            None => self.detail()?.text.as_deref(),
        }
    }

    /// What was compared with the bounds: the value, or its length.
    pub fn measure(&self) -> Measure {
        self.site.shape.measure
    }

    /// The minimum, printed with `Debug`; `None` for a range without one (`..=9`). For a
    /// minimum that is another field, that field's value when the check failed if the value
    /// fell below it or was unordered (a NaN), else that field's name (`self.0` for a tuple
    /// struct's field).
    pub fn min(&self) -> Option<String> {
        self.bound_text(MIN)
    }

    /// The maximum, printed like [`min`](OutOfRange::min); `None` for a range without one
    /// (`1..`).
    pub fn max(&self) -> Option<String> {
        self.bound_text(MAX)
    }

    fn side(&self, max: bool) -> Side {
        if max {
            self.site.shape.max
        } else {
            self.site.shape.min
        }
    }

    fn bound_text(&self, max: bool) -> Option<String> {
        self.bound_shown(max).map(|text| text.to_string())
    }

    /// What [`min`](OutOfRange::min) (`max == false`) or [`max`](OutOfRange::max) gives, as
    /// text written where it goes, without a `String`: how errors serialize.
    pub(crate) fn bound_shown(&self, max: bool) -> Option<BoundText<'_>> {
        if !self.violation.is_range() || self.side(max) == Side::Open {
            return None;
        }
        Some(BoundText(self, max))
    }

    /// What [`value`](OutOfRange::value) gives, as text written where it goes.
    pub(crate) fn value_shown(&self) -> Option<ValueText<'_>> {
        match self.detail() {
            Some(detail) => detail.value.as_deref().map(ValueText::Rule),
            None => self.shown_value().map(ValueText::Range),
        }
    }

    /// Whether the error holds the value of this side, which is another field.
    fn holds_bound(&self, max: bool) -> bool {
        self.flags & BOUND_SET != 0 && (self.violation == Violation::AboveMax) == max
    }

    /// Whether the minimum itself is out of range (the bound is exclusive).
    pub fn is_min_exclusive(&self) -> bool {
        self.site.shape.min_exclusive
    }

    /// Whether the maximum itself is out of range (`0.0..1.0`).
    pub fn is_max_exclusive(&self) -> bool {
        self.site.shape.max_exclusive
    }

    /// The rejected value, printed with `Debug` (its length, for a length check); `None` for a
    /// field marked `secret`, whose value the error does not hold at all.
    pub fn value(&self) -> Option<String> {
        self.value_shown().map(|text| text.to_string())
    }

    /// Whether the field is marked `secret`.
    pub fn is_secret(&self) -> bool {
        self.site.shape.secret
    }

    /// The value held in `value`: a range's, of a field that is not secret.
    fn shown_value(&self) -> Option<ShownValue<'_>> {
        (!self.site.shape.secret && self.detail().is_none()).then_some(ShownValue(self))
    }

    /// Writes the accepted range in words: `within [0, 100]`, `at least 1`,
    /// `less than pool_size = 8`.
    fn fmt_range(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let shape = &self.site.shape;
        let (min, max) = (Bound(self, MIN), Bound(self, MAX));
        let of = if shape.measure == Measure::Value {
            ""
        } else {
            "of "
        };
        match (shape.min, shape.max) {
            (Side::Open, Side::Open) => f.write_str("comparable"),
            (_, Side::Open) if shape.min_exclusive => write!(f, "greater than {min}"),
            (_, Side::Open) => write!(f, "{of}at least {min}"),
            (Side::Open, _) if shape.max_exclusive => write!(f, "less than {max}"),
            (Side::Open, _) => write!(f, "{of}at most {max}"),
            _ => match (shape.min_exclusive, shape.max_exclusive) {
                (false, false) => write!(f, "within [{min}, {max}]"),
                (false, true) => write!(f, "{of}at least {min} and less than {max}"),
                (true, false) => write!(f, "greater than {min} and at most {max}"),
                (true, true) => write!(f, "greater than {min} and less than {max}"),
            },
        }
    }
}

/// A side's bound as [`OutOfRange::min`] and [`OutOfRange::max`] give it: the value, or the
/// name of a field or the expression of a dynamic bound whose value the error does not hold.
pub(crate) struct BoundText<'a>(&'a OutOfRange, bool);

impl Display for BoundText<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let BoundText(error, max) = *self;
        match error.side(max) {
            Side::Field(name, _) if !error.holds_bound(max) => Display::fmt(&FieldName(name), f),
            Side::Dynamic(text) if !error.holds_bound(max) => f.write_str(text),
            _ => Debug::fmt(&BoundValue(error, max), f),
        }
    }
}

/// A rejected value as [`OutOfRange::value`] gives it.
pub(crate) enum ValueText<'a> {
    /// A rule's own text of the value (`one_of`).
    Rule(&'a str),
    /// A range's value, printed with `Debug`.
    Range(ShownValue<'a>),
}

impl Display for ValueText<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ValueText::Rule(text) => f.write_str(text),
            ValueText::Range(shown) => Debug::fmt(shown, f),
        }
    }
}

/// A side's bound as the message shows it: `100`, or `pool_size = 8` for another field.
struct Bound<'a>(&'a OutOfRange, bool);

impl Display for Bound<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Bound(error, max) = *self;
        match error.side(max) {
            Side::Field(name, _) if error.holds_bound(max) => {
                write!(f, "{} = {:?}", FieldName(name), BoundValue(error, max))
            }
            Side::Field(name, _) => Display::fmt(&FieldName(name), f),
            Side::Dynamic(text) if !error.holds_bound(max) => f.write_str(text),
            _ => Debug::fmt(&BoundValue(error, max), f),
        }
    }
}

/// Another field's name as a bound: `pool_size`, or `self.0` for a tuple struct's field, which
/// a bare `0` would pass off as a constant.
struct FieldName<'a>(&'a str);

impl Display for FieldName<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.starts_with(|c: char| c.is_ascii_digit()) {
            f.write_str("self.")?;
        }
        f.write_str(self.0)
    }
}

/// A side's value, printed with `Debug`: the constant, or the other field's value.
struct BoundValue<'a>(&'a OutOfRange, bool);

impl Debug for BoundValue<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let BoundValue(error, max) = *self;
        // Only a side that is another field, or dynamic, has its value held (see
        // `Range::reject`).
        if error.holds_bound(max) {
            // SAFETY: `bound` was made by `RawValue::new` for the site's type (`BOUND_SET`).
            unsafe { error.site.value.fmt(&error.bound, f) }
        } else {
            (error.site.bounds)(max, f)
        }
    }
}

/// The value of an error that holds one, printed with `Debug`.
pub(crate) struct ShownValue<'a>(&'a OutOfRange);

impl Debug for ShownValue<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let error = self.0;
        // SAFETY: a non-secret error's value was made by `RawValue::new` for the site's type.
        unsafe { error.site.value.fmt(&error.value, f) }
    }
}

impl Clone for OutOfRange {
    fn clone(&self) -> Self {
        let vtable = self.site.value;
        OutOfRange {
            site: self.site,
            value: match self.shown_value() {
                // SAFETY: as in `ShownValue`.
                Some(_) => unsafe { vtable.clone(&self.value) },
                None => RawValue::empty(),
            },
            bound: if self.flags & BOUND_SET != 0 {
                // SAFETY: as in `BoundValue`.
                unsafe { vtable.clone(&self.bound) }
            } else {
                RawValue::empty()
            },
            extra: self.extra.clone(),
            violation: self.violation,
            flags: self.flags,
        }
    }
}

impl Drop for OutOfRange {
    #[inline]
    fn drop(&mut self) {
        if self.flags & (VALUE_BOXED | BOUND_BOXED) != 0 {
            self.drop_boxes();
        }
    }
}

impl OutOfRange {
    #[cold]
    fn drop_boxes(&mut self) {
        let vtable = self.site.value;
        if self.flags & VALUE_BOXED != 0 {
            // SAFETY: as in `ShownValue`; the value is not used again.
            unsafe { vtable.drop(&mut self.value) }
        }
        if self.flags & BOUND_BOXED != 0 {
            // SAFETY: as in `BoundValue`; the bound is not used again.
            unsafe { vtable.drop(&mut self.bound) }
        }
    }
}

impl Display for OutOfRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let site = self.site;
        match self.located() {
            Some(located) if located.path.is_empty() => f.write_str(located.root)?,
            Some(located) => write!(f, "{}.{}", located.root, located.path)?,
            // A newtype's value, or an invariant of the whole struct.
            None if site.shape.newtype || site.field.is_empty() => f.write_str(site.owner)?,
            None => write!(f, "{}.{}", site.owner, site.field)?,
        }
        // The rule's own message replaces everything after the path.
        if let Some(message) = site.shape.message {
            return write!(f, " {message}");
        }
        if let Some(detail) = self.detail() {
            return self.fmt_rule(detail, f);
        }
        f.write_str(match site.shape.measure {
            Measure::Value => " must be ",
            Measure::Len => " must have a length ",
            Measure::Chars => " must have a char count ",
        })?;
        match self.violation.key_rule() {
            Some(rule) => f.write_str(rule)?,
            None => self.fmt_range(f)?,
        }
        if let Some(value) = self.shown_value() {
            write!(f, ", got {value:?}")?;
        }
        Ok(())
    }
}

impl OutOfRange {
    /// The text after the path of a rule other than a range, without a `message = ".."`.
    fn fmt_rule(&self, detail: &Detail, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.violation {
            Violation::OneOf | Violation::Pattern => {
                f.write_str(match self.violation {
                    Violation::OneOf => " must be one of ",
                    _ => " must match ",
                })?;
                // The site's `bounds` prints the values, or the pattern.
                (self.site.bounds)(MIN, f)?;
            }
            Violation::Email => f.write_str(" must be an email address")?,
            Violation::Url => f.write_str(" must be a URL")?,
            _ => return write!(f, " {}", detail.text.as_deref().unwrap_or("is invalid")),
        }
        match &detail.value {
            Some(value) => write!(f, ", got {value}"),
            None => Ok(()),
        }
    }
}

impl Debug for OutOfRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let shape = &self.site.shape;
        let mut debug = f.debug_struct("OutOfRange");
        debug
            .field("owner", &self.owner())
            .field("field", &self.field());
        if self.located().is_some() {
            debug
                .field("root", &self.root())
                .field("path", &self.path());
        }
        debug.field("violation", &self.violation);
        if let Some(code) = shape.code {
            debug.field("code", &code);
        }
        if let Some(message) = self.message() {
            debug.field("message", &message);
        }
        if let Some(value) = self.detail().and_then(|detail| detail.value.as_ref()) {
            debug.field("value", &DisplayAsDebug(value));
        }
        if !self.violation.is_range() {
            return debug.finish();
        }
        if shape.measure != Measure::Value {
            debug.field("measure", &shape.measure);
        }
        if shape.min != Side::Open {
            debug.field("min", &DisplayAsDebug(Bound(self, MIN)));
            debug.field("min_exclusive", &shape.min_exclusive);
        }
        if shape.max != Side::Open {
            debug.field("max", &DisplayAsDebug(Bound(self, MAX)));
            debug.field("max_exclusive", &shape.max_exclusive);
        }
        if let Some(value) = self.shown_value() {
            debug.field("value", &value);
        }
        debug.finish()
    }
}

struct DisplayAsDebug<T>(T);

impl<T: Display> Debug for DisplayAsDebug<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        Display::fmt(&self.0, f)
    }
}

impl PartialEq for OutOfRange {
    /// Same field (by struct and field name) at the same path, same violation, equal values,
    /// and, for a bound that is another field, the same value of it (the message shows it).
    fn eq(&self, other: &Self) -> bool {
        let held = self.flags & BOUND_SET;
        self.owner() == other.owner()
            && self.field() == other.field()
            && self.located() == other.located()
            && self.detail() == other.detail()
            && self.violation == other.violation
            && held == other.flags & BOUND_SET
            // SAFETY: `BOUND_SET` says each `bound` was made for its own site's type.
            && (held == 0 || unsafe {
                self.site.value.eq(&self.bound, other.site.value, &other.bound)
            })
            && match (self.shown_value(), other.shown_value()) {
                // SAFETY: as in `ShownValue`, for each side with its own site.
                (Some(_), Some(_)) => unsafe {
                    self.site
                        .value
                        .eq(&self.value, other.site.value, &other.value)
                },
                (None, None) => true,
                _ => false,
            }
    }
}

impl core::error::Error for OutOfRange {}

/// Every field of a struct that failed its check, in declaration order; never empty.
///
/// Returned by the generated `try_new` and by [`Validated::validate`](crate::Validated::validate).
///
/// ```
/// use within_runtime::Validated;
///
/// #[derive(Validated, Debug)]
/// struct Exam {
///     #[within(0, 100)]
///     math: u32,
///     #[within(0, 100)]
///     physics: u32,
/// }
///
/// let err = Exam::try_new(101, 102).unwrap_err();
/// let fields: Vec<_> = err.errors().iter().map(|e| e.field()).collect();
/// assert_eq!(fields, ["math", "physics"]);
/// assert_eq!(
///     err.to_string(),
///     "Exam.math must be within [0, 100], got 101; Exam.physics must be within [0, 100], got 102",
/// );
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Invalid {
    errors: Vec<OutOfRange>,
}

impl Invalid {
    /// Wraps the collected failures, or returns `None` when there are none.
    pub(crate) fn from_errors(errors: Vec<OutOfRange>) -> Option<Self> {
        if errors.is_empty() {
            None
        } else {
            Some(Invalid { errors })
        }
    }

    /// The fields that failed, in declaration order (outer fields before the fields of a
    /// nested struct that follows them); holds at least one error.
    pub fn errors(&self) -> &[OutOfRange] {
        &self.errors
    }

    /// Takes the failures out, in declaration order; holds at least one error.
    pub fn into_errors(self) -> Vec<OutOfRange> {
        self.errors
    }
}

impl From<OutOfRange> for Invalid {
    fn from(error: OutOfRange) -> Self {
        Invalid {
            errors: alloc::vec![error],
        }
    }
}

impl Display for Invalid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, error) in self.errors.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            Display::fmt(error, f)?;
        }
        Ok(())
    }
}

impl core::error::Error for Invalid {}

impl IntoIterator for Invalid {
    type Item = OutOfRange;
    type IntoIter = alloc::vec::IntoIter<OutOfRange>;

    fn into_iter(self) -> Self::IntoIter {
        self.errors.into_iter()
    }
}

impl<'a> IntoIterator for &'a Invalid {
    type Item = &'a OutOfRange;
    type IntoIter = core::slice::Iter<'a, OutOfRange>;

    fn into_iter(self) -> Self::IntoIter {
        self.errors.iter()
    }
}
