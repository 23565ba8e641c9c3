//! The errors a check reports: [`OutOfRange`] for one field, [`Invalid`] for a whole struct.

use crate::value::{Bounded, Captured};
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt::{self, Debug, Display};

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

/// Where a check happened, fixed at compile time: the struct and field names and how to word
/// errors. Generated code builds one per checked field in a constant, so an error carries a
/// single pointer to it.
#[doc(hidden)]
#[derive(Debug)]
pub struct Site {
    pub(crate) owner: &'static str,
    pub(crate) field: &'static str,
    /// Never show the value.
    pub(crate) secret: bool,
    /// The one field of a newtype: messages name the struct alone.
    pub(crate) newtype: bool,
}

impl Site {
    /// A site for `owner.field`.
    pub const fn new(
        owner: &'static str,
        field: &'static str,
        secret: bool,
        newtype: bool,
    ) -> Self {
        Site {
            owner,
            field,
            secret,
            newtype,
        }
    }
}

/// Which bounds a range has, taken from the `Range` of the failed check.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Shape {
    pub(crate) has_min: bool,
    pub(crate) has_max: bool,
    pub(crate) max_exclusive: bool,
}

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
#[derive(Clone)]
pub struct OutOfRange {
    site: &'static Site,
    violation: Violation,
    shape: Shape,
    captured: Captured,
}

impl OutOfRange {
    /// Records that `value` failed the check of the field at `site`. A bound the range does not
    /// have, and the value of a secret field, are never captured: a bound that exists takes
    /// their place in the storage and is never shown for them.
    #[inline]
    pub(crate) fn new<T: Bounded>(
        site: &'static Site,
        min: Option<T>,
        max: Option<T>,
        max_exclusive: bool,
        value: T,
    ) -> Self {
        let violation = match (min, max) {
            (Some(min), _) if value < min => Violation::BelowMin,
            (_, Some(max)) if value > max || (max_exclusive && value == max) => Violation::AboveMax,
            _ => Violation::Unordered,
        };
        let shape = Shape {
            has_min: min.is_some(),
            has_max: max.is_some(),
            max_exclusive,
        };
        let filler = match (min, max) {
            (Some(bound), _) | (None, Some(bound)) => bound,
            (None, None) => value,
        };
        let shown = if site.secret { filler } else { value };
        OutOfRange {
            site,
            violation,
            shape,
            captured: Captured::new(min.unwrap_or(filler), max.unwrap_or(filler), shown),
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
        self.shape
            .has_min
            .then(|| format!("{:?}", Shown(&self.captured, Captured::fmt_min)))
    }

    /// The maximum, printed with `Debug`; `None` for a range without one (`1..`).
    pub fn max(&self) -> Option<String> {
        self.shape
            .has_max
            .then(|| format!("{:?}", Shown(&self.captured, Captured::fmt_max)))
    }

    /// Whether the maximum itself is out of range (`0.0..1.0`).
    pub fn is_max_exclusive(&self) -> bool {
        self.shape.max_exclusive
    }

    /// The rejected value, printed with `Debug`; `None` for a field marked `secret`, whose
    /// value the error does not hold at all.
    pub fn value(&self) -> Option<String> {
        (!self.site.secret).then(|| format!("{:?}", Shown(&self.captured, Captured::fmt_value)))
    }

    /// Whether the field is marked `secret`.
    pub fn is_secret(&self) -> bool {
        self.site.secret
    }
}

/// One captured value, printed by `fmt`.
struct Shown<'a>(
    &'a Captured,
    fn(&Captured, &mut fmt::Formatter<'_>) -> fmt::Result,
);

impl Debug for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        (self.1)(self.0, f)
    }
}

impl Display for OutOfRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.site.newtype {
            write!(f, "{} must be ", self.owner())?;
        } else {
            write!(f, "{}.{} must be ", self.owner(), self.field())?;
        }
        let min = Shown(&self.captured, Captured::fmt_min);
        let max = Shown(&self.captured, Captured::fmt_max);
        match (
            self.shape.has_min,
            self.shape.has_max,
            self.shape.max_exclusive,
        ) {
            (true, true, false) => write!(f, "within [{min:?}, {max:?}]")?,
            (true, true, true) => write!(f, "at least {min:?} and less than {max:?}")?,
            (true, false, _) => write!(f, "at least {min:?}")?,
            (false, true, false) => write!(f, "at most {max:?}")?,
            (false, true, true) => write!(f, "less than {max:?}")?,
            (false, false, _) => f.write_str("comparable")?,
        }
        if !self.site.secret {
            write!(f, ", got {:?}", Shown(&self.captured, Captured::fmt_value))?;
        }
        Ok(())
    }
}

impl Debug for OutOfRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut debug = f.debug_struct("OutOfRange");
        debug
            .field("owner", &self.owner())
            .field("field", &self.field())
            .field("violation", &self.violation);
        if self.shape.has_min {
            debug.field("min", &Shown(&self.captured, Captured::fmt_min));
        }
        if self.shape.has_max {
            debug.field("max", &Shown(&self.captured, Captured::fmt_max));
            debug.field("max_exclusive", &self.shape.max_exclusive);
        }
        if !self.site.secret {
            debug.field("value", &Shown(&self.captured, Captured::fmt_value));
        }
        debug.finish()
    }
}

impl PartialEq for OutOfRange {
    fn eq(&self, other: &Self) -> bool {
        self.owner() == other.owner()
            && self.field() == other.field()
            && self.violation == other.violation
            && self.shape == other.shape
            && self.captured == other.captured
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
