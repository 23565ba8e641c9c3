//! How the derive refuses a `Default` that would build fields without their checks.
//!
//! For a struct without type or const parameters (lifetimes become `'static`), the derive emits
//! `const _: () = if Probe::<Pool>::IS_DEFAULT { panic!(..) };` with [`NoDefault`] in scope. An
//! inherent associated constant is found before a trait's, but only when its impl's bounds
//! hold: so `IS_DEFAULT` is the inherent `true` exactly when `Pool: Default`, and the trait's
//! `false` otherwise. The check runs at compile time, on stable, and costs nothing at run time.
//! A struct with type or const parameters cannot be probed this way (the bound would have to
//! hold for every instantiation), which the crate documentation says.

use core::marker::PhantomData;

/// A type to ask questions about `T` at compile time.
pub struct Probe<T: ?Sized>(PhantomData<T>);

/// The answer when `T` is not `Default`.
pub trait NoDefault {
    /// `T` has no `Default` impl.
    const IS_DEFAULT: bool = false;
}

impl<T: ?Sized> NoDefault for Probe<T> {}

impl<T: Default> Probe<T> {
    /// `T` has a `Default` impl: found before [`NoDefault::IS_DEFAULT`].
    pub const IS_DEFAULT: bool = true;
}

/// What `default = EXPR` on an `Option` field may be: the inner value or the option.
pub trait DefaultOf<V> {
    /// The field's starting value.
    fn default_of(value: V) -> Self;
}

impl<T> DefaultOf<T> for Option<T> {
    #[inline]
    fn default_of(value: T) -> Self {
        Some(value)
    }
}

impl<T> DefaultOf<Option<T>> for Option<T> {
    #[inline]
    fn default_of(value: Option<T>) -> Self {
        value
    }
}

/// A `#[within(default)]` whose defaults fail their checks: only defaults that are not
/// constants (a function call) get here; constant ones fail the build instead.
#[cold]
#[track_caller]
pub fn default_failed(owner: &str, error: crate::Invalid) -> ! {
    panic!("the #[within(default)] values of {owner} are out of range: {error}")
}

#[cfg(test)]
mod tests {
    use super::{NoDefault as _, Probe};

    struct Plain;

    #[test]
    fn tells_default_types_apart() {
        let answers = [
            Probe::<u8>::IS_DEFAULT,
            Probe::<alloc::string::String>::IS_DEFAULT,
            Probe::<Plain>::IS_DEFAULT,
        ];
        assert_eq!(answers, [true, true, false]);
    }
}
