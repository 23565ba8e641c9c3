//! The errors a check reports: [`OutOfRange`] for one field, [`Invalid`] for a whole struct.

use crate::value::{fits_inline, Bounded, RawValue, VTableOf, ValueVTable};
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt::{self, Debug, Display};
use core::marker::PhantomData;

/// Which side of the range a rejected value fell on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Violation {
    /// The value is less than the minimum.
    BelowMin,
    /// The value is greater than the maximum, or equal to an exclusive maximum.
    AboveMax,
    /// The value is not comparable with the bounds: a floating-point NaN.
    Unordered,
}

impl Violation {
    /// A stable, machine-readable name: `"below_min"`, `"above_max"` or `"unordered"`.
    pub const fn code(self) -> &'static str {
        match self {
            Violation::BelowMin => "below_min",
            Violation::AboveMax => "above_max",
            Violation::Unordered => "unordered",
        }
    }
}

impl Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// Where a check happened, fixed at compile time: the struct and field, the bounds and how to
/// word errors about them, for a field whose bounds are of type `T`. Generated code builds one
/// per checked field in a constant, so an error carries a single pointer to all of it.
///
/// The type parameter ties the site's vtable to the values checked with it: `Field::set` for a
/// `T` takes a `Site<T>` only, so an error never reads a value with another type's functions.
#[doc(hidden)]
pub struct Site<T> {
    data: SiteData,
    _type: PhantomData<fn() -> T>,
}

/// A `Site` with its type erased, as an error keeps it.
pub(crate) struct SiteData {
    owner: &'static str,
    field: &'static str,
    /// Never hold or show the value.
    secret: bool,
    /// The one field of a newtype: messages name the struct alone.
    newtype: bool,
    has_min: bool,
    has_max: bool,
    max_exclusive: bool,
    /// Prints the minimum (`false`) or the maximum (`true`).
    bounds: fn(bool, &mut fmt::Formatter<'_>) -> fmt::Result,
    /// What the field's type can do, for the value an error holds.
    value: &'static ValueVTable,
}

/// How a field is checked, for [`Site::new`].
#[doc(hidden)]
pub struct Shape {
    pub secret: bool,
    pub newtype: bool,
    pub has_min: bool,
    pub has_max: bool,
    pub max_exclusive: bool,
}

impl<T> Site<T> {
    /// A site for `owner.field` of type `T`, whose bounds `bounds` prints.
    pub const fn new(
        owner: &'static str,
        field: &'static str,
        shape: Shape,
        bounds: fn(bool, &mut fmt::Formatter<'_>) -> fmt::Result,
        vtable: &'static VTableOf<T>,
    ) -> Self {
        let data = SiteData {
            owner,
            field,
            secret: shape.secret,
            newtype: shape.newtype,
            has_min: shape.has_min,
            has_max: shape.has_max,
            max_exclusive: shape.max_exclusive,
            bounds,
            value: vtable.vtable,
        };
        Site {
            data,
            _type: PhantomData,
        }
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

/// Prints one bound of a site with `Debug`.
struct BoundOf<'a>(&'a SiteData, bool);

impl Debug for BoundOf<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        (self.0.bounds)(self.1, f)
    }
}

const MIN: bool = false;
const MAX: bool = true;

/// A value rejected by a `#[within(min, max)]` check.
///
/// It records the struct and field, both bounds and the rejected value, and prints them:
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
/// number, `Duration`) allocates nothing.
pub struct OutOfRange {
    site: &'static SiteData,
    /// Unset, and never read, for a secret field.
    value: RawValue,
    violation: Violation,
    /// `value` holds a box to free (the value is larger than a `u128`). Kept in the error, not
    /// the site, so that dropping the error of a primitive reads nothing through a pointer.
    owns_box: bool,
}

impl OutOfRange {
    /// Records that `value` failed the check of the field at `site` for `violation`. The value
    /// of a secret field is not kept.
    #[inline]
    pub(crate) fn new<T: Bounded>(site: &'static Site<T>, violation: Violation, value: T) -> Self {
        let site = &site.data;
        let keep = !site.secret;
        OutOfRange {
            site,
            value: if keep {
                RawValue::new(value)
            } else {
                RawValue::empty()
            },
            violation,
            owns_box: keep && !fits_inline::<T>(),
        }
    }

    /// The name of the struct the field belongs to, as written in its definition (`"Exam"`).
    pub fn owner(&self) -> &'static str {
        self.site.owner
    }

    /// The name of the field, without any `r#` prefix (`"math"`); `"0"`, `"1"`, .. for the
    /// fields of a tuple struct.
    pub fn field(&self) -> &'static str {
        self.site.field
    }

    /// Which side of the range the value fell on.
    pub fn violation(&self) -> Violation {
        self.violation
    }

    /// A stable, machine-readable name of the failure: [`Violation::code`].
    pub fn code(&self) -> &'static str {
        self.violation.code()
    }

    /// The minimum, printed with `Debug`; `None` for a range without one (`..=9`).
    pub fn min(&self) -> Option<String> {
        self.site
            .has_min
            .then(|| format!("{:?}", BoundOf(self.site, MIN)))
    }

    /// The maximum, printed with `Debug`; `None` for a range without one (`1..`).
    pub fn max(&self) -> Option<String> {
        self.site
            .has_max
            .then(|| format!("{:?}", BoundOf(self.site, MAX)))
    }

    /// Whether the maximum itself is out of range (`0.0..1.0`).
    pub fn is_max_exclusive(&self) -> bool {
        self.site.max_exclusive
    }

    /// The rejected value, printed with `Debug`; `None` for a field marked `secret`, whose
    /// value the error does not hold at all.
    pub fn value(&self) -> Option<String> {
        self.shown_value().map(|shown| format!("{shown:?}"))
    }

    /// Whether the field is marked `secret`.
    pub fn is_secret(&self) -> bool {
        self.site.secret
    }

    fn shown_value(&self) -> Option<ShownValue<'_>> {
        (!self.site.secret).then_some(ShownValue(self))
    }
}

/// The value of an error that holds one, printed with `Debug`.
struct ShownValue<'a>(&'a OutOfRange);

impl Debug for ShownValue<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let error = self.0;
        // SAFETY: a non-secret error's value was made by `RawValue::new` for the site's type.
        unsafe { error.site.value.fmt(&error.value, f) }
    }
}

impl Clone for OutOfRange {
    fn clone(&self) -> Self {
        OutOfRange {
            site: self.site,
            value: match self.shown_value() {
                // SAFETY: as in `ShownValue`.
                Some(_) => unsafe { self.site.value.clone(&self.value) },
                None => RawValue::empty(),
            },
            violation: self.violation,
            owns_box: self.owns_box,
        }
    }
}

impl Drop for OutOfRange {
    #[inline]
    fn drop(&mut self) {
        if self.owns_box {
            // SAFETY: as in `ShownValue`; the value is not used again.
            unsafe { self.site.value.drop(&mut self.value) }
        }
    }
}

impl Display for OutOfRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let site = self.site;
        if site.newtype {
            write!(f, "{} must be ", site.owner)?;
        } else {
            write!(f, "{}.{} must be ", site.owner, site.field)?;
        }
        let (min, max) = (BoundOf(site, MIN), BoundOf(site, MAX));
        match (site.has_min, site.has_max, site.max_exclusive) {
            (true, true, false) => write!(f, "within [{min:?}, {max:?}]")?,
            (true, true, true) => write!(f, "at least {min:?} and less than {max:?}")?,
            (true, false, _) => write!(f, "at least {min:?}")?,
            (false, true, false) => write!(f, "at most {max:?}")?,
            (false, true, true) => write!(f, "less than {max:?}")?,
            (false, false, _) => f.write_str("comparable")?,
        }
        if let Some(value) = self.shown_value() {
            write!(f, ", got {value:?}")?;
        }
        Ok(())
    }
}

impl Debug for OutOfRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let site = self.site;
        let mut debug = f.debug_struct("OutOfRange");
        debug
            .field("owner", &site.owner)
            .field("field", &site.field)
            .field("violation", &self.violation);
        if site.has_min {
            debug.field("min", &BoundOf(site, MIN));
        }
        if site.has_max {
            debug.field("max", &BoundOf(site, MAX));
            debug.field("max_exclusive", &site.max_exclusive);
        }
        if let Some(value) = self.shown_value() {
            debug.field("value", &value);
        }
        debug.finish()
    }
}

impl PartialEq for OutOfRange {
    /// Same field (by struct and field name), same violation, equal values.
    fn eq(&self, other: &Self) -> bool {
        self.owner() == other.owner()
            && self.field() == other.field()
            && self.violation == other.violation
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

    /// The fields that failed, in declaration order; holds at least one error.
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
