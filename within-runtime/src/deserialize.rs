//! `#[within(deserialize)]`: a `Deserialize` that checks every field and reports every
//! failure of the whole document, nested structs included, each with its path.
//!
//! The derive gives each such struct an unchecked *shadow*: a struct with the same fields and
//! `#[serde]` attributes, where a `#[within(nested)]` field has its own type's shadow. serde
//! reads the whole document into shadows (so a range error in one nested struct does not stop
//! the others from being read), then [`Deserializable::check_shadow`] checks them from the
//! outside in and builds the values only if every check passes.

use crate::checks::{Checks, Segment};
use crate::each::Key;
use crate::Invalid;
use alloc::collections::{BTreeMap, VecDeque};
use alloc::vec::Vec;
use core::fmt::Debug;
use core::marker::PhantomData;
use serde::de::{DeserializeOwned, Error};
use serde::Deserialize;

/// A type with a checked `Deserialize` that goes through its unchecked shadow.
#[diagnostic::on_unimplemented(
    message = "`{Self}` has no #[within(deserialize)]",
    label = "a #[within(nested)] field of a #[within(deserialize)] struct needs a type with #[within(deserialize)] too, or an `Option`, `Box`, `Vec`, `VecDeque`, array, `Box<[T]>` or map of one"
)]
pub trait Deserializable: Sized {
    /// The same fields, unchecked.
    type Shadow: DeserializeOwned;

    /// Checks `shadow`, recording every failure in `checks`, and builds the value if there
    /// was none.
    fn check_shadow(shadow: Self::Shadow, checks: &mut Checks) -> Option<Self>;

    /// The shadow of a valid value, for serde's defaults (`#[serde(default)]`).
    fn into_shadow(self) -> Self::Shadow;
}

impl<T: Deserializable> Deserializable for Option<T> {
    type Shadow = Option<T::Shadow>;

    fn check_shadow(shadow: Self::Shadow, checks: &mut Checks) -> Option<Self> {
        match shadow {
            Some(shadow) => T::check_shadow(shadow, checks).map(Some),
            None => Some(None),
        }
    }

    fn into_shadow(self) -> Self::Shadow {
        self.map(T::into_shadow)
    }
}

impl<T: Deserializable> Deserializable for alloc::boxed::Box<T> {
    type Shadow = alloc::boxed::Box<T::Shadow>;

    fn check_shadow(shadow: Self::Shadow, checks: &mut Checks) -> Option<Self> {
        T::check_shadow(*shadow, checks).map(alloc::boxed::Box::new)
    }

    fn into_shadow(self) -> Self::Shadow {
        alloc::boxed::Box::new(T::into_shadow(*self))
    }
}

impl<T: Deserializable> Deserializable for Vec<T> {
    type Shadow = Vec<T::Shadow>;

    fn check_shadow(shadow: Self::Shadow, checks: &mut Checks) -> Option<Self> {
        let mut values = Vec::with_capacity(shadow.len());
        let mut valid = true;
        for (index, shadow) in shadow.into_iter().enumerate() {
            match checks.enter("", Segment::Index(index), |checks| {
                T::check_shadow(shadow, checks)
            }) {
                Some(value) if valid => values.push(value),
                Some(_) => {}
                None => valid = false,
            }
        }
        valid.then_some(values)
    }

    fn into_shadow(self) -> Self::Shadow {
        self.into_iter().map(T::into_shadow).collect()
    }
}

impl<T: Deserializable, const N: usize> Deserializable for [T; N]
where
    [T::Shadow; N]: DeserializeOwned,
{
    type Shadow = [T::Shadow; N];

    fn check_shadow(shadow: Self::Shadow, checks: &mut Checks) -> Option<Self> {
        let values = Vec::<T>::check_shadow(Vec::from(shadow), checks)?;
        values.try_into().ok()
    }

    fn into_shadow(self) -> Self::Shadow {
        self.map(T::into_shadow)
    }
}

impl<T: Deserializable> Deserializable for alloc::boxed::Box<[T]> {
    type Shadow = Vec<T::Shadow>;

    fn check_shadow(shadow: Self::Shadow, checks: &mut Checks) -> Option<Self> {
        Vec::<T>::check_shadow(shadow, checks).map(Vec::into_boxed_slice)
    }

    fn into_shadow(self) -> Self::Shadow {
        Vec::from(self).into_shadow()
    }
}

impl<T: Deserializable> Deserializable for VecDeque<T> {
    type Shadow = Vec<T::Shadow>;

    fn check_shadow(shadow: Self::Shadow, checks: &mut Checks) -> Option<Self> {
        Vec::<T>::check_shadow(shadow, checks).map(VecDeque::from)
    }

    fn into_shadow(self) -> Self::Shadow {
        Vec::from(self).into_shadow()
    }
}

/// Checks the values of a map's entries, each at its key (`limits["eu"]`), and collects the
/// map if every one passed.
fn check_values<K: Debug, V: Deserializable, M: Default + Extend<(K, V)>>(
    shadow: impl IntoIterator<Item = (K, V::Shadow)>,
    checks: &mut Checks,
) -> Option<M> {
    let mut values = M::default();
    let mut valid = true;
    for (key, shadow) in shadow {
        let value = checks.enter_key(Key::Value(&key), |checks| V::check_shadow(shadow, checks));
        match value {
            Some(value) if valid => values.extend(Some((key, value))),
            Some(_) => {}
            None => valid = false,
        }
    }
    valid.then_some(values)
}

/// A map's values as their shadows, under the same keys.
fn shadow_values<K, V: Deserializable, M: FromIterator<(K, V::Shadow)>>(
    map: impl IntoIterator<Item = (K, V)>,
) -> M {
    map.into_iter()
        .map(|(key, value)| (key, value.into_shadow()))
        .collect()
}

impl<K, V> Deserializable for BTreeMap<K, V>
where
    K: DeserializeOwned + Ord + Debug,
    V: Deserializable,
{
    type Shadow = BTreeMap<K, V::Shadow>;

    fn check_shadow(shadow: Self::Shadow, checks: &mut Checks) -> Option<Self> {
        check_values::<K, V, Self>(shadow, checks)
    }

    fn into_shadow(self) -> Self::Shadow {
        shadow_values(self)
    }
}

#[cfg(feature = "std")]
impl<K, V, S> Deserializable for std::collections::HashMap<K, V, S>
where
    K: DeserializeOwned + Eq + core::hash::Hash + Debug,
    V: Deserializable,
    S: core::hash::BuildHasher + Default,
{
    type Shadow = std::collections::HashMap<K, V::Shadow, S>;

    fn check_shadow(shadow: Self::Shadow, checks: &mut Checks) -> Option<Self> {
        check_values::<K, V, Self>(shadow, checks)
    }

    fn into_shadow(self) -> Self::Shadow {
        shadow_values(self)
    }
}

/// The end of a checked `deserialize`: checks the shadow serde read and builds the value, or
/// reports every failure through the format's error type (their messages joined by `"; "`).
///
/// A valid value goes straight back, not through nested `Result`s: a struct of many fields is
/// then moved once less each step, which showed as 4% of reading a signup document.
#[inline]
pub fn from_shadow<T: Deserializable, E: Error>(shadow: T::Shadow) -> Result<T, E> {
    let mut checks = Checks::new();
    match T::check_shadow(shadow, &mut checks) {
        Some(value) if checks.count() == 0 => Ok(value),
        _ => Err(failed::<T, E>(checks)),
    }
}

/// Checks a shadow: the value, or every failure, or a format error if a hand-written
/// `Deserializable` rejected the value without reporting why (then the message says so, rather
/// than the value being accepted).
fn check<T: Deserializable, E: Error>(shadow: T::Shadow) -> Result<Result<T, Invalid>, E> {
    let mut checks = Checks::new();
    match T::check_shadow(shadow, &mut checks) {
        Some(value) if checks.count() == 0 => Ok(Ok(value)),
        _ => match checks.finish() {
            Err(invalid) => Ok(Err(invalid)),
            Ok(()) => Err(missing_failure::<T, E>()),
        },
    }
}

/// The format's error for a shadow that failed: every failure's message, joined by `"; "`.
#[cold]
#[inline(never)]
fn failed<T, E: Error>(checks: Checks) -> E {
    match checks.finish() {
        Err(invalid) => E::custom(invalid),
        Ok(()) => missing_failure::<T, E>(),
    }
}

#[cold]
fn missing_failure<T, E: Error>() -> E {
    E::custom(MissingFailure(PhantomData::<T>))
}

/// A `#[within(deserialize)]` value read from a document, or every check it failed, as data.
///
/// Deserializing `T` itself reports check failures through the format's error type, as text.
/// Deserialize `Checked<T>` to keep them as an [`Invalid`] instead, for an API's error response
/// (with the `serde` feature, `Invalid` serializes). serde's own errors (a syntax error, a
/// missing field, a wrong type) still come as the format reports them.
///
/// ```
/// use serde::de::{value::Error, Deserialize, IntoDeserializer};
/// use std::collections::BTreeMap;
/// use within_runtime::{Checked, Validated};
///
/// #[derive(Validated, Debug)]
/// #[within(deserialize)]
/// struct Db {
///     #[within(1, 64)]
///     pool_size: u32,
/// }
///
/// // A document, here a map; with serde_json, `serde_json::from_str::<Checked<Db>>(..)`.
/// let document = BTreeMap::from([("pool_size", 0u32)]);
/// let checked = Checked::<Db>::deserialize(document.into_deserializer())?;
/// let invalid = checked.into_result().unwrap_err();
/// assert_eq!(invalid.errors()[0].path(), "pool_size");
/// assert_eq!(invalid.to_string(), "Db.pool_size must be within [1, 64], got 0");
/// # Ok::<(), Error>(())
/// ```
#[derive(Debug)]
pub struct Checked<T>(Result<T, Invalid>);

impl<T> Checked<T> {
    /// The value, or every check it failed.
    pub fn into_result(self) -> Result<T, Invalid> {
        self.0
    }
}

impl<'de, T: Deserializable> serde::Deserialize<'de> for Checked<T> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let shadow = T::Shadow::deserialize(deserializer)?;
        check::<T, D::Error>(shadow).map(Checked)
    }
}

/// A shadow that failed without saying why.
struct MissingFailure<T>(PhantomData<T>);

impl<T> core::fmt::Display for MissingFailure<T> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(
            f,
            "{} rejected a value without reporting a failure",
            core::any::type_name::<T>()
        )
    }
}

/// Like [`NoDefault`](crate::defaults::NoDefault), for `Deserialize`: see the `defaults` module.
pub trait NoDeserialize {
    /// `T` has no `Deserialize<'static>` impl.
    const IS_DESERIALIZE: bool = false;
}

impl<T: ?Sized> NoDeserialize for crate::defaults::Probe<T> {}

/// `Deserialize<'static>`, not `DeserializeOwned`: a struct with a `&'static str` field gets
/// `impl<'de: 'static> Deserialize<'de>` from serde, which only the former catches, and every
/// `DeserializeOwned` type has it too.
impl<T: Deserialize<'static>> crate::defaults::Probe<T> {
    /// `T` has a `Deserialize<'static>` impl: found before [`NoDeserialize::IS_DESERIALIZE`].
    pub const IS_DESERIALIZE: bool = true;
}
