//! The errors a check reports: [`OutOfRange`] for one field, [`Invalid`] for a whole struct.

use crate::value::{Bounded, Captured};
use std::fmt::{self, Debug, Display};

/// Which side of the range a rejected value fell on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Violation {
    /// The value is less than the minimum.
    BelowMin,
    /// The value is greater than the maximum.
    AboveMax,
    /// The value is not comparable with the bounds, such as a floating-point NaN.
    Unordered,
}

/// Where a check happened: the struct and field names, fixed at compile time.
///
/// Generated code builds one per checked field in a constant, so an error carries a single
/// pointer to it instead of two string slices.
#[doc(hidden)]
#[derive(Debug)]
pub struct Site {
    pub(crate) owner: &'static str,
    pub(crate) field: &'static str,
}

impl Site {
    /// A site for `owner.field`.
    pub const fn new(owner: &'static str, field: &'static str) -> Self {
        Site { owner, field }
    }
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
    captured: Captured,
}

impl OutOfRange {
    /// Records that `value` is outside `[min, max]` for the field at `site`.
    #[inline]
    pub(crate) fn new<T: Bounded>(site: &'static Site, min: T, max: T, value: T) -> Self {
        let violation = if value < min {
            Violation::BelowMin
        } else if value > max {
            Violation::AboveMax
        } else {
            Violation::Unordered
        };
        OutOfRange {
            site,
            violation,
            captured: Captured::new(min, max, value),
        }
    }

    /// The name of the struct the field belongs to, as written in its definition (`"Exam"`).
    pub fn owner(&self) -> &'static str {
        self.site.owner
    }

    /// The name of the field, without any `r#` prefix (`"math"`).
    pub fn field(&self) -> &'static str {
        self.site.field
    }

    /// Which side of the range the value fell on.
    pub fn violation(&self) -> Violation {
        self.violation
    }
}

impl Display for OutOfRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{} must be within [", self.owner(), self.field())?;
        self.captured.fmt_min(f)?;
        f.write_str(", ")?;
        self.captured.fmt_max(f)?;
        f.write_str("], got ")?;
        self.captured.fmt_value(f)
    }
}

impl Debug for OutOfRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        struct Min<'a>(&'a Captured);
        struct Max<'a>(&'a Captured);
        struct Value<'a>(&'a Captured);
        impl Debug for Min<'_> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt_min(f)
            }
        }
        impl Debug for Max<'_> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt_max(f)
            }
        }
        impl Debug for Value<'_> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt_value(f)
            }
        }
        f.debug_struct("OutOfRange")
            .field("owner", &self.owner())
            .field("field", &self.field())
            .field("violation", &self.violation)
            .field("min", &Min(&self.captured))
            .field("max", &Max(&self.captured))
            .field("value", &Value(&self.captured))
            .finish()
    }
}

impl PartialEq for OutOfRange {
    fn eq(&self, other: &Self) -> bool {
        self.owner() == other.owner()
            && self.field() == other.field()
            && self.violation == other.violation
            && self.captured == other.captured
    }
}

impl std::error::Error for OutOfRange {}

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
            errors: vec![error],
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

impl std::error::Error for Invalid {}

impl IntoIterator for Invalid {
    type Item = OutOfRange;
    type IntoIter = std::vec::IntoIter<OutOfRange>;

    fn into_iter(self) -> Self::IntoIter {
        self.errors.into_iter()
    }
}

impl<'a> IntoIterator for &'a Invalid {
    type Item = &'a OutOfRange;
    type IntoIter = std::slice::Iter<'a, OutOfRange>;

    fn into_iter(self) -> Self::IntoIter {
        self.errors.iter()
    }
}
