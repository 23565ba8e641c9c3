//! `#[within(len(..))]` and `#[within(chars(..))]`: checks on a field's length.

use crate::checks::{check_impls, check_methods, Range};
use alloc::boxed::Box;
use alloc::collections::{BTreeMap, BTreeSet, BinaryHeap, LinkedList, VecDeque};
use alloc::rc::Rc;
use alloc::string::String;
use alloc::sync::Arc;
use alloc::vec::Vec;

/// A value whose length `#[within(len(MIN..=MAX))]` can check.
///
/// Implemented for strings (their length in bytes, as `str::len`), slices, arrays, `Vec` and
/// the other standard collections, and for references, `Box`, `Rc` and `Arc` of these.
/// Implement it for a collection of your own:
///
/// ```
/// use within_runtime::{Measured, Validated};
///
/// #[derive(Debug, Default)]
/// pub struct Tags(Vec<&'static str>);
///
/// impl Measured for Tags {
///     fn len(&self) -> usize {
///         self.0.len()
///     }
/// }
///
/// #[derive(Validated, Debug)]
/// struct Post {
///     #[within(len(..=3))]
///     tags: Tags,
/// }
///
/// let err = Post::try_new(Tags(vec!["a", "b", "c", "d"])).unwrap_err();
/// assert_eq!(err.to_string(), "Post.tags must have a length of at most 3, got 4");
/// ```
///
/// `#[within(chars(..))]` counts the `char`s of any `AsRef<str>` instead.
pub trait Measured {
    /// The length that the bounds apply to.
    fn len(&self) -> usize;

    /// Whether the length is zero.
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl Measured for str {
    fn len(&self) -> usize {
        str::len(self)
    }
}

impl Measured for String {
    fn len(&self) -> usize {
        String::len(self)
    }
}

impl<T> Measured for [T] {
    fn len(&self) -> usize {
        <[T]>::len(self)
    }
}

impl<T, const N: usize> Measured for [T; N] {
    fn len(&self) -> usize {
        N
    }
}

impl<T> Measured for Vec<T> {
    fn len(&self) -> usize {
        Vec::len(self)
    }
}

impl<T> Measured for VecDeque<T> {
    fn len(&self) -> usize {
        VecDeque::len(self)
    }
}

impl<T> Measured for LinkedList<T> {
    fn len(&self) -> usize {
        LinkedList::len(self)
    }
}

impl<T> Measured for BinaryHeap<T> {
    fn len(&self) -> usize {
        BinaryHeap::len(self)
    }
}

impl<K, V> Measured for BTreeMap<K, V> {
    fn len(&self) -> usize {
        BTreeMap::len(self)
    }
}

impl<T> Measured for BTreeSet<T> {
    fn len(&self) -> usize {
        BTreeSet::len(self)
    }
}

#[cfg(feature = "std")]
impl<K, V, S> Measured for std::collections::HashMap<K, V, S> {
    fn len(&self) -> usize {
        std::collections::HashMap::len(self)
    }
}

#[cfg(feature = "std")]
impl<T, S> Measured for std::collections::HashSet<T, S> {
    fn len(&self) -> usize {
        std::collections::HashSet::len(self)
    }
}

impl<T: Measured + ?Sized> Measured for &T {
    fn len(&self) -> usize {
        T::len(self)
    }
}

impl<T: Measured + ?Sized> Measured for Box<T> {
    fn len(&self) -> usize {
        T::len(self)
    }
}

impl<B: Measured + alloc::borrow::ToOwned + ?Sized> Measured for alloc::borrow::Cow<'_, B> {
    fn len(&self) -> usize {
        B::len(self)
    }
}

impl<T: Measured + ?Sized> Measured for Rc<T> {
    fn len(&self) -> usize {
        T::len(self)
    }
}

impl<T: Measured + ?Sized> Measured for Arc<T> {
    fn len(&self) -> usize {
        T::len(self)
    }
}

/// What generated code measures for a `len(..)` field.
#[diagnostic::on_unimplemented(
    message = "`{Self}` has no length for #[within(len(..))]",
    label = "a #[within(len(..))] field needs a type that implements `within_runtime::Measured`"
)]
pub trait LenField {
    check_methods!(usize);
}

impl<T: Measured> LenField for T {
    #[inline(always)]
    fn measure(value: &T) -> Option<usize> {
        Some(value.len())
    }

    check_impls!(LenField, usize);
}

/// [`LenField`] for an `Option`: checked only when `Some`.
#[diagnostic::on_unimplemented(
    message = "`{Self}` has no length for #[within(len(..))]",
    label = "an optional #[within(len(..))] field needs `Option<T>` with T: `within_runtime::Measured`"
)]
pub trait OptionalLenField {
    check_methods!(usize);
}

impl<T: Measured> OptionalLenField for Option<T> {
    #[inline(always)]
    fn measure(value: &Option<T>) -> Option<usize> {
        value.as_ref().map(Measured::len)
    }

    check_impls!(OptionalLenField, usize);
}

/// What generated code measures for a `chars(..)` field.
#[diagnostic::on_unimplemented(
    message = "`{Self}` has no chars to count for #[within(chars(..))]",
    label = "a #[within(chars(..))] field needs a string type: `AsRef<str>`"
)]
pub trait CharsField {
    check_methods!(usize);
}

impl<T: AsRef<str>> CharsField for T {
    #[inline]
    fn measure(value: &T) -> Option<usize> {
        Some(value.as_ref().chars().count())
    }

    check_impls!(CharsField, usize, holds = chars_hold);
}

/// Whether a string of `bytes` bytes passes `range` whatever its chars: it has at least
/// `⌈bytes / 4⌉` of them and at most `bytes`, so a range that holds both ends holds the count,
/// which then need not be taken (a form's `chars(3..=32)` on `"ann_lee42"`, `chars(1..=16)` on
/// a tag). Counting stays for the rest.
#[inline(always)]
fn any_count_holds(bytes: usize, range: Range<usize>) -> bool {
    range.contains(bytes.div_ceil(4)) && range.contains(bytes)
}

#[inline(always)]
fn chars_hold<T: AsRef<str>>(
    value: &T,
    measure: impl Fn(&T) -> Option<usize>,
    range: Range<usize>,
) -> bool {
    any_count_holds(value.as_ref().len(), range) || crate::checks::holds(value, measure, range)
}

#[inline(always)]
fn optional_chars_hold<T: AsRef<str>>(
    value: &Option<T>,
    measure: impl Fn(&Option<T>) -> Option<usize>,
    range: Range<usize>,
) -> bool {
    match value {
        Some(text) if any_count_holds(text.as_ref().len(), range) => true,
        _ => crate::checks::holds(value, measure, range),
    }
}

/// [`CharsField`] for an `Option`: checked only when `Some`.
#[diagnostic::on_unimplemented(
    message = "`{Self}` has no chars to count for #[within(chars(..))]",
    label = "an optional #[within(chars(..))] field needs `Option<T>` with T: `AsRef<str>`"
)]
pub trait OptionalCharsField {
    check_methods!(usize);
}

impl<T: AsRef<str>> OptionalCharsField for Option<T> {
    #[inline]
    fn measure(value: &Option<T>) -> Option<usize> {
        value.as_ref().map(|value| value.as_ref().chars().count())
    }

    check_impls!(OptionalCharsField, usize, holds = optional_chars_hold);
}
