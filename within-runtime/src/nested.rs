//! `#[within(nested)]`: `validate()` descends into fields that hold validated structs.

use crate::checks::{Checks, Segment};
use crate::Validated;
use alloc::vec::Vec;

/// What generated code asks of a `#[within(nested)]` field: a struct that derives
/// `Validated`, or an `Option`, `Box`, `Vec` or array of one (or of these, at any depth).
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be a #[within(nested)] field",
    label = "a #[within(nested)] field needs a type that implements `Validated`, or an `Option`, `Box`, `Vec` or array of one"
)]
pub trait Nested {
    /// Whether every check inside holds: the fast path.
    fn holds(&self) -> bool;

    /// Records every failure inside, with its path.
    fn report(&self, checks: &mut Checks);
}

impl<T: Validated> Nested for T {
    #[inline]
    fn holds(&self) -> bool {
        self.__holds()
    }

    fn report(&self, checks: &mut Checks) {
        self.__report(checks);
    }
}

impl<T: Nested> Nested for Option<T> {
    #[inline]
    fn holds(&self) -> bool {
        self.as_ref().is_none_or(T::holds)
    }

    fn report(&self, checks: &mut Checks) {
        if let Some(value) = self {
            value.report(checks);
        }
    }
}

impl<T: Nested> Nested for Vec<T> {
    #[inline]
    fn holds(&self) -> bool {
        self.as_slice().holds()
    }

    fn report(&self, checks: &mut Checks) {
        self.as_slice().report(checks);
    }
}

impl<T: Nested, const N: usize> Nested for [T; N] {
    #[inline]
    fn holds(&self) -> bool {
        self.as_slice().holds()
    }

    fn report(&self, checks: &mut Checks) {
        self.as_slice().report(checks);
    }
}

impl<T: Nested> Nested for [T] {
    #[inline]
    fn holds(&self) -> bool {
        self.iter().all(T::holds)
    }

    fn report(&self, checks: &mut Checks) {
        for (index, value) in self.iter().enumerate() {
            // An index is never the first step, so the owner is not needed.
            checks.enter("", Segment::Index(index), |checks| value.report(checks));
        }
    }
}
