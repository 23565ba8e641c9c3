//! `#[within(each(RULES))]`: the rules of every element of a collection, each failure at its
//! element's path (`tags[1]`, `tags["rust"]` for a set, `limits["eu"]` for a map's value).

use crate::checks::Checks;
use crate::OutOfRange;
use alloc::boxed::Box;
use alloc::collections::{BTreeMap, BTreeSet, VecDeque};
use alloc::format;
use alloc::vec::Vec;
use core::fmt::{self, Debug, Display};

/// Where an element is in its collection.
#[derive(Clone, Copy)]
pub enum Key<'a> {
    /// The position in a list or an array.
    Index(usize),
    /// A set's element or a map's key, printed with `Debug`.
    Value(&'a dyn Debug),
}

/// `[1]` or `["rust"]`: the step a path takes into the collection.
impl Display for Key<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Key::Index(index) => write!(f, "[{index}]"),
            Key::Value(key) => write!(f, "[{key:?}]"),
        }
    }
}

/// A collection whose elements `each(..)` checks.
#[diagnostic::on_unimplemented(
    message = "`{Self}` has no elements for #[within(each(..))]",
    label = "`each(..)` checks the elements of a `Vec`, `VecDeque`, array, `Box<[T]>`, `BTreeSet` or `HashSet`, or the values of a `BTreeMap` or `HashMap`, or of an `Option` of one"
)]
pub trait Elements {
    /// What `each(..)` checks: an element, or a map's value.
    type Item;

    /// Calls `f` with each element and where it is, in order, until `f` fails.
    fn try_each<E>(&self, f: impl FnMut(Key<'_>, &Self::Item) -> Result<(), E>) -> Result<(), E>;
}

fn indexed<'a, T: 'a, E>(
    items: impl Iterator<Item = &'a T>,
    mut f: impl FnMut(Key<'_>, &T) -> Result<(), E>,
) -> Result<(), E> {
    for (index, item) in items.enumerate() {
        f(Key::Index(index), item)?;
    }
    Ok(())
}

impl<T> Elements for [T] {
    type Item = T;

    fn try_each<E>(&self, f: impl FnMut(Key<'_>, &T) -> Result<(), E>) -> Result<(), E> {
        indexed(self.iter(), f)
    }
}

impl<T> Elements for Vec<T> {
    type Item = T;

    fn try_each<E>(&self, f: impl FnMut(Key<'_>, &T) -> Result<(), E>) -> Result<(), E> {
        indexed(self.iter(), f)
    }
}

impl<T, const N: usize> Elements for [T; N] {
    type Item = T;

    fn try_each<E>(&self, f: impl FnMut(Key<'_>, &T) -> Result<(), E>) -> Result<(), E> {
        indexed(self.iter(), f)
    }
}

impl<T> Elements for Box<[T]> {
    type Item = T;

    fn try_each<E>(&self, f: impl FnMut(Key<'_>, &T) -> Result<(), E>) -> Result<(), E> {
        indexed(self.iter(), f)
    }
}

impl<T> Elements for VecDeque<T> {
    type Item = T;

    fn try_each<E>(&self, f: impl FnMut(Key<'_>, &T) -> Result<(), E>) -> Result<(), E> {
        indexed(self.iter(), f)
    }
}

impl<T: Debug> Elements for BTreeSet<T> {
    type Item = T;

    fn try_each<E>(&self, mut f: impl FnMut(Key<'_>, &T) -> Result<(), E>) -> Result<(), E> {
        for item in self {
            f(Key::Value(item), item)?;
        }
        Ok(())
    }
}

impl<K: Debug, V> Elements for BTreeMap<K, V> {
    type Item = V;

    fn try_each<E>(&self, mut f: impl FnMut(Key<'_>, &V) -> Result<(), E>) -> Result<(), E> {
        for (key, value) in self {
            f(Key::Value(key), value)?;
        }
        Ok(())
    }
}

#[cfg(feature = "std")]
impl<T: Debug, S> Elements for std::collections::HashSet<T, S> {
    type Item = T;

    fn try_each<E>(&self, mut f: impl FnMut(Key<'_>, &T) -> Result<(), E>) -> Result<(), E> {
        for item in self {
            f(Key::Value(item), item)?;
        }
        Ok(())
    }
}

#[cfg(feature = "std")]
impl<K: Debug, V, S> Elements for std::collections::HashMap<K, V, S> {
    type Item = V;

    fn try_each<E>(&self, mut f: impl FnMut(Key<'_>, &V) -> Result<(), E>) -> Result<(), E> {
        for (key, value) in self {
            f(Key::Value(key), value)?;
        }
        Ok(())
    }
}

impl<C: Elements> Elements for Option<C> {
    type Item = C::Item;

    fn try_each<E>(&self, f: impl FnMut(Key<'_>, &C::Item) -> Result<(), E>) -> Result<(), E> {
        match self {
            Some(collection) => collection.try_each(f),
            None => Ok(()),
        }
    }
}

/// Whether every element passes `holds`: the fast path.
#[inline]
pub fn each_holds<C: Elements + ?Sized>(
    collection: &C,
    mut holds: impl FnMut(&C::Item) -> bool,
) -> bool {
    collection
        .try_each(|_, item| if holds(item) { Ok(()) } else { Err(()) })
        .is_ok()
}

/// The first element that fails `first` (which returns its first failure), at its path from
/// the struct `owner`: a setter's error.
#[inline]
pub fn each_first<C: Elements + ?Sized>(
    collection: &C,
    owner: &'static str,
    name: &'static str,
    mut first: impl FnMut(&C::Item) -> Result<(), OutOfRange>,
) -> Result<(), OutOfRange> {
    collection.try_each(|key, item| {
        first(item).map_err(|mut error| {
            error.locate(owner, format!("{name}{key}"));
            error
        })
    })
}

/// Records every failure of every element, each at its path: the slow path.
pub fn each_report<C: Elements + ?Sized>(
    collection: &C,
    checks: &mut Checks,
    owner: &'static str,
    name: &'static str,
    mut report: impl FnMut(&C::Item, &mut Checks),
) {
    let _ = collection.try_each(|key, item| {
        checks.enter_element(owner, name, key, |checks| report(item, checks));
        Ok::<(), ()>(())
    });
}
