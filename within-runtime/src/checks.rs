//! The check engine that generated code calls: a field's range and site, the setter that
//! stores a value only if it passes every check, the fast and slow paths of `try_new` and
//! `validate`, and the collector of every failure with its path.

use crate::error::{Side, Site};
use crate::value::{Bounded, VTableOf};
use crate::Violation;
use crate::{Invalid, OutOfRange};
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;
use core::fmt::Write as _;

/// The bounds of one check. A missing side is unbounded. The constant sides are evaluated at
/// compile time; a side that names another field is read when the check runs.
///
/// Built with a struct literal rather than a function, so a bound of the wrong type is reported
/// on the bound alone, without a note pointing into this crate.
#[derive(Clone, Copy)]
pub struct Range<T> {
    /// The least value in range, if any.
    pub min: Option<T>,
    /// The greatest value in range, if any.
    pub max: Option<T>,
    /// Whether `min` itself is out of range.
    pub min_exclusive: bool,
    /// Whether `max` itself is out of range.
    pub max_exclusive: bool,
}

impl<T: Bounded> Range<T> {
    /// `min <= value` and `value <= max` (`<` for an exclusive side); false for NaN, which
    /// compares with nothing. For constant bounds the options and flags are constants, and
    /// this folds to the hand-written `min <= value && value <= max`.
    #[inline(always)]
    pub(crate) fn contains(self, value: T) -> bool {
        let above_min = match self.min {
            Some(min) if self.min_exclusive => min < value,
            Some(min) => min <= value,
            None => true,
        };
        let below_max = match self.max {
            Some(max) if self.max_exclusive => value < max,
            Some(max) => value <= max,
            None => true,
        };
        above_min && below_max
    }

    /// Inlined into the setter's error branch, where the range is constants (or the one field
    /// it names), so that the in-range path never writes the range to memory for a call.
    /// (Measured: an out-of-line `reject` made the in-range setter 1.9x, an out-of-line
    /// `OutOfRange::new` made a rejection 4x, both from copies through memory.)
    #[inline]
    fn reject(self, value: T, site: &'static Site<T>) -> OutOfRange {
        let below = match self.min {
            Some(min) => value < min || (self.min_exclusive && value == min),
            None => false,
        };
        let above = match self.max {
            Some(max) => value > max || (self.max_exclusive && value == max),
            None => false,
        };
        let violation = if below {
            Violation::BelowMin
        } else if above {
            Violation::AboveMax
        } else {
            Violation::Unordered
        };
        // The side the value broke, kept if it is another field or dynamic: its value is not in
        // the site.
        let (side, bound) = match violation {
            Violation::AboveMax => (site.shape().max, self.max),
            _ => (site.shape().min, self.min),
        };
        // A secret field's value never enters an error, even as another field's bound.
        let bound = match side {
            Side::Field(_, false) | Side::Dynamic(_) => bound,
            _ => None,
        };
        OutOfRange::new(site, violation, value, bound)
    }
}

/// Prints the minimum (`max == false`) or maximum of `range`, for a `Site`.
pub fn fmt_bound<T: Bounded>(
    range: Range<T>,
    max: bool,
    f: &mut fmt::Formatter<'_>,
) -> fmt::Result {
    match if max { range.max } else { range.min } {
        Some(bound) => fmt::Debug::fmt(&bound, f),
        None => f.write_str("-"),
    }
}

/// Declares what generated code calls on a checked field, for checks whose bounds are of
/// type `$bound`. Each kind of field has a trait of its own, so that a field type that cannot
/// be checked that way fails one obligation, reported once at the field's type, with a message
/// for that kind; every method is named through that trait.
macro_rules! check_methods {
    ($bound:ty) => {
        /// What the check compares, or `None` when nothing is checked (`None` itself).
        fn measure(value: &Self) -> Option<$bound>;

        /// The setter: stores `value` if it passes every check, else returns the first
        /// failure and leaves `field` untouched.
        fn set<const N: usize>(
            field: &mut Self,
            value: Self,
            checks: [$crate::__private::Check<$bound>; N],
        ) -> Result<(), $crate::OutOfRange>
        where
            Self: Sized;

        /// The setter of a field with rules: stores `value` if it passes every check and
        /// then `rules`, else returns the first failure and leaves `field` untouched.
        fn set_with<const N: usize>(
            field: &mut Self,
            value: Self,
            checks: [$crate::__private::Check<$bound>; N],
            rules: impl FnOnce(&Self) -> Result<(), $crate::OutOfRange>,
        ) -> Result<(), $crate::OutOfRange>
        where
            Self: Sized;

        /// The first of `checks` that `value` fails, without storing it: a setter of a
        /// struct with invariants, which writes the value only to run them.
        fn test<const N: usize>(
            value: &Self,
            checks: [$crate::__private::Check<$bound>; N],
        ) -> Result<(), $crate::OutOfRange>;

        /// Whether `value` passes `range`: the fast path of `try_new` and `validate`.
        fn holds(value: &Self, range: $crate::__private::Range<$bound>) -> bool;

        /// Records `value` in `checks` if it fails: the path that builds the error.
        fn report(
            value: &Self,
            checks: &mut $crate::__private::Checks,
            check: $crate::__private::Check<$bound>,
        );

        /// Prints the minimum (`max == false`) or maximum of `range`, for a `Site`.
        fn fmt_bound(
            range: $crate::__private::Range<$bound>,
            max: bool,
            f: &mut core::fmt::Formatter<'_>,
        ) -> core::fmt::Result;
    };
}

/// Implements what `check_methods!` declares, through the generic functions below; `holds`
/// may be a quicker one that decides without measuring when it can (`chars(..)`).
macro_rules! check_impls {
    ($trait:path, $bound:ty) => {
        check_impls!($trait, $bound, holds = $crate::__private::holds);
    };
    ($trait:path, $bound:ty, holds = $holds:path) => {
        #[inline(always)]
        fn set<const N: usize>(
            field: &mut Self,
            value: Self,
            checks: [$crate::__private::Check<$bound>; N],
        ) -> Result<(), $crate::OutOfRange> {
            $crate::__private::set(field, value, <Self as $trait>::measure, checks)
        }

        #[inline(always)]
        fn set_with<const N: usize>(
            field: &mut Self,
            value: Self,
            checks: [$crate::__private::Check<$bound>; N],
            rules: impl FnOnce(&Self) -> Result<(), $crate::OutOfRange>,
        ) -> Result<(), $crate::OutOfRange> {
            $crate::__private::set_with(field, value, <Self as $trait>::measure, checks, rules)
        }

        #[inline(always)]
        fn test<const N: usize>(
            value: &Self,
            checks: [$crate::__private::Check<$bound>; N],
        ) -> Result<(), $crate::OutOfRange> {
            $crate::__private::test(value, <Self as $trait>::measure, checks)
        }

        #[inline(always)]
        fn holds(value: &Self, range: $crate::__private::Range<$bound>) -> bool {
            $holds(value, <Self as $trait>::measure, range)
        }

        #[inline]
        fn report(
            value: &Self,
            checks: &mut $crate::__private::Checks,
            check: $crate::__private::Check<$bound>,
        ) {
            $crate::__private::report(value, <Self as $trait>::measure, checks, check)
        }

        fn fmt_bound(
            range: $crate::__private::Range<$bound>,
            max: bool,
            f: &mut core::fmt::Formatter<'_>,
        ) -> core::fmt::Result {
            $crate::__private::fmt_bound(range, max, f)
        }
    };
}

pub(crate) use {check_impls, check_methods};

/// What generated code does with a field checked by value.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be a #[within] field",
    label = "a #[within] field needs a type that is Copy + PartialOrd + Debug + Send + Sync + 'static"
)]
pub trait Field: Sized + 'static {
    /// The functions an error uses on a rejected value of this type.
    const VTABLE: &'static VTableOf<Self>;

    /// The getter: a copy of the field.
    fn get(field: &Self) -> Self;

    check_methods!(Self);
}

impl<T: Bounded> Field for T {
    const VTABLE: &'static VTableOf<T> = &VTableOf::NEW;

    #[inline(always)]
    fn get(field: &T) -> T {
        *field
    }

    #[inline(always)]
    fn measure(value: &T) -> Option<T> {
        Some(*value)
    }

    check_impls!(Field, T);
}

/// [`Field`] for an `Option<T>` field: bounds of type `T`, checked only when `Some`.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be a #[within] field",
    label = "an optional #[within] field needs `Option<T>` with T: Copy + PartialOrd + Debug + Send + Sync + 'static"
)]
pub trait OptionalField<T: 'static>: Sized {
    /// The functions an error uses on a rejected value of the inner type.
    const VTABLE: &'static VTableOf<T>;

    /// The getter: a copy of the field.
    fn get(field: &Self) -> Self;

    check_methods!(T);
}

impl<T: Bounded> OptionalField<T> for Option<T> {
    const VTABLE: &'static VTableOf<T> = &VTableOf::NEW;

    #[inline(always)]
    fn get(field: &Option<T>) -> Option<T> {
        *field
    }

    #[inline(always)]
    fn measure(value: &Option<T>) -> Option<T> {
        *value
    }

    check_impls!(OptionalField<T>, T);
}

/// The vtable of `usize`, for the sites of length checks.
pub const LEN_VTABLE: &VTableOf<usize> = &VTableOf::NEW;

/// A check: its bounds and where it is.
pub type Check<B> = (Range<B>, &'static Site<B>);

/// The setter: stores `value` in `field` if its measure (`None`: not checked) passes every
/// check, else returns the first failure and leaves `field` untouched (dropping `value`).
///
/// The first check is the field's own bounds; any others are the bounds that other fields
/// declare on this one (`#[within(0, self.pool_size)]` bounds `pool_size` from below).
#[inline(always)]
pub fn set<F, B: Bounded, const N: usize>(
    field: &mut F,
    value: F,
    measure: impl Fn(&F) -> Option<B>,
    checks: [Check<B>; N],
) -> Result<(), OutOfRange> {
    test(&value, measure, checks)?;
    *field = value;
    Ok(())
}

/// The first of `checks` that `value` fails, if any.
#[inline(always)]
pub fn test<F, B: Bounded, const N: usize>(
    value: &F,
    measure: impl Fn(&F) -> Option<B>,
    checks: [Check<B>; N],
) -> Result<(), OutOfRange> {
    if let Some(measured) = measure(value) {
        let mut i = 0;
        while i < N {
            let (range, site) = checks[i];
            if !range.contains(measured) {
                return Err(range.reject(measured, site));
            }
            i += 1;
        }
    }
    Ok(())
}

/// [`set`], then `rules` on the value that passed the checks, before it is stored: a rule
/// that fails returns its error, and one that panics leaves `field` as it was.
#[inline(always)]
pub fn set_with<F, B: Bounded, const N: usize>(
    field: &mut F,
    value: F,
    measure: impl Fn(&F) -> Option<B>,
    checks: [Check<B>; N],
    rules: impl FnOnce(&F) -> Result<(), OutOfRange>,
) -> Result<(), OutOfRange> {
    test(&value, measure, checks)?;
    rules(&value)?;
    *field = value;
    Ok(())
}

/// Whether `value` passes `range`.
#[inline(always)]
pub fn holds<F, B: Bounded>(value: &F, measure: impl Fn(&F) -> Option<B>, range: Range<B>) -> bool {
    match measure(value) {
        Some(measured) => range.contains(measured),
        None => true,
    }
}

/// Records `value` in `checks` if it fails `range`.
#[inline]
pub fn report<F, B: Bounded>(
    value: &F,
    measure: impl Fn(&F) -> Option<B>,
    checks: &mut Checks,
    (range, site): Check<B>,
) {
    if let Some(measured) = measure(value) {
        if !range.contains(measured) {
            checks.push(range.reject(measured, site));
        }
    }
}

/// Runs `report` (which reports every field) once the fast path, every field `holds`, has
/// failed. Out of line and cold, so that `try_new` and `validate` stay a few comparisons
/// long and inline into their callers.
#[cold]
#[inline(never)]
pub fn slow_path(report: impl FnOnce(&mut Checks)) -> Result<(), Invalid> {
    let mut checks = Checks::new();
    report(&mut checks);
    checks.finish()
}

/// Collects the failures of `try_new`, `validate` and a checked `Deserialize`, with the path
/// from the outermost struct to each.
pub struct Checks {
    errors: Vec<OutOfRange>,
    /// The outermost struct, while a nested value is being checked.
    root: Option<&'static str>,
    /// From the outermost struct to the value being checked: `primary`, `replicas[1]`; empty at
    /// the top, and for a value whose fields stand at the level of its parent's.
    path: String,
}

/// One step into a nested value.
#[derive(Clone, Copy)]
pub enum Segment {
    /// A field holding a nested value, by its name.
    Field(&'static str),
    /// An element of a list or array.
    Index(usize),
    /// A field whose fields stand at its own level (`#[serde(flatten)]`), or a wrapper that
    /// adds no step (`Option`).
    Same,
}

impl Checks {
    pub(crate) fn new() -> Self {
        Checks {
            errors: Vec::new(),
            root: None,
            path: String::new(),
        }
    }

    /// How many failures have been recorded: a nested check compares it before and after.
    pub fn count(&self) -> usize {
        self.errors.len()
    }

    /// Records a failure of a field of the value being checked.
    pub(crate) fn push(&mut self, mut error: OutOfRange) {
        if let Some(root) = self.root {
            let field = if error.is_newtype() {
                ""
            } else {
                error.field()
            };
            let dot = if self.path.is_empty() || field.is_empty() {
                ""
            } else {
                "."
            };
            // One allocation of the exact size.
            let mut path = String::with_capacity(self.path.len() + dot.len() + field.len());
            path.push_str(&self.path);
            path.push_str(dot);
            path.push_str(field);
            error.locate(root, path);
        }
        self.errors.push(error);
    }

    /// Records every failure of a value checked elsewhere (a hand-written `validate`).
    pub fn extend(&mut self, invalid: Invalid) {
        for error in invalid {
            self.push(error);
        }
    }

    /// Runs `check` one step further from the struct `owner`, which becomes the root of the
    /// paths if no step was taken yet.
    pub fn enter<R>(
        &mut self,
        owner: &'static str,
        segment: Segment,
        check: impl FnOnce(&mut Checks) -> R,
    ) -> R {
        let root = self.root;
        if root.is_none() {
            self.root = Some(owner);
        }
        let len = self.path.len();
        match segment {
            Segment::Field(name) => {
                if len > 0 {
                    self.path.push('.');
                }
                self.path.push_str(name);
            }
            Segment::Index(index) => {
                let _ = write!(self.path, "[{index}]");
            }
            Segment::Same => {}
        }
        let result = check(self);
        self.path.truncate(len);
        self.root = root;
        result
    }

    /// Runs `check` one step further, into the element at `key` of the collection being
    /// checked (`[2]`, `["eu"]`): a step that is never the first, so no owner is needed.
    pub(crate) fn enter_key<R>(
        &mut self,
        key: impl fmt::Display,
        check: impl FnOnce(&mut Checks) -> R,
    ) -> R {
        let len = self.path.len();
        let _ = write!(self.path, "{key}");
        let result = check(self);
        self.path.truncate(len);
        result
    }

    /// Runs `check` on an element of the field `name` of the struct `owner`: one step to the
    /// field, then the element's `key` as it prints (`[1]`, `["eu"]`).
    pub(crate) fn enter_element<R>(
        &mut self,
        owner: &'static str,
        name: &'static str,
        key: impl fmt::Display,
        check: impl FnOnce(&mut Checks) -> R,
    ) -> R {
        self.enter(owner, Segment::Field(name), |checks| {
            let len = checks.path.len();
            let _ = write!(checks.path, "{key}");
            let result = check(checks);
            checks.path.truncate(len);
            result
        })
    }

    /// The failures, if any.
    pub fn finish(self) -> Result<(), Invalid> {
        match Invalid::from_errors(self.errors) {
            None => Ok(()),
            Some(invalid) => Err(invalid),
        }
    }
}
