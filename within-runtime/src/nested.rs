//! `#[within(nested)]` (and `each(nested)`, the same): `validate()` descends into fields that
//! hold validated structs, directly or as the elements of a collection.

use crate::checks::{Checks, Segment};
use crate::each::{Elements, Key};
use crate::Validated;
use alloc::boxed::Box;
use alloc::collections::{BTreeMap, VecDeque};
use alloc::vec::Vec;
use core::fmt::Debug;

/// What generated code asks of a `#[within(nested)]` field: a struct that derives
/// `Validated`, or an `Option`, `Box`, `Vec`, `VecDeque`, array, `Box<[T]>` or map (its
/// values) of one, or of these, at any depth.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be a #[within(nested)] field",
    label = "a #[within(nested)] field needs a type that implements `Validated`, or an `Option`, `Box`, `Vec`, `VecDeque`, array, `Box<[T]>` or map of one"
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

impl<T: Nested> Nested for Box<[T]> {
    #[inline]
    fn holds(&self) -> bool {
        (**self).holds()
    }

    fn report(&self, checks: &mut Checks) {
        (**self).report(checks);
    }
}

/// Every element of a collection that `each(..)` walks, at its key (`[2]`, `["eu"]`).
fn elements_hold<C: Elements + ?Sized>(collection: &C) -> bool
where
    C::Item: Nested,
{
    crate::each::each_holds(collection, Nested::holds)
}

fn report_elements<C: Elements + ?Sized>(collection: &C, checks: &mut Checks)
where
    C::Item: Nested,
{
    let _ = collection.try_each(|key: Key<'_>, item| {
        checks.enter_key(key, |checks| item.report(checks));
        Ok::<(), ()>(())
    });
}

/// Implements `Nested` for collections through their `Elements`.
macro_rules! nested_elements {
    ($([$($params:tt)*] $ty:ty,)*) => {$(
        impl<$($params)*> Nested for $ty {
            #[inline]
            fn holds(&self) -> bool {
                elements_hold(self)
            }

            fn report(&self, checks: &mut Checks) {
                report_elements(self, checks);
            }
        }
    )*};
}

nested_elements! {
    [T: Nested] VecDeque<T>,
    [K: Debug, V: Nested] BTreeMap<K, V>,
}

#[cfg(feature = "std")]
nested_elements! {
    [K: Debug, V: Nested, S] std::collections::HashMap<K, V, S>,
}
