//! The trait `#[derive(Validated)]` implements.

use crate::checks::Checks;
use crate::keyed::KeyOps;
#[cfg(feature = "std")]
use crate::Registry;
use crate::{FieldSpec, Invalid};

/// A struct whose `#[within(..)]` fields are checked.
///
/// Derive it; the derive also generates the checked constructor `try_new`, a getter and a
/// checked setter per marked field (see the [crate documentation](crate)).
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
/// let exam = Exam::try_new(100).unwrap();
/// assert!(exam.validate().is_ok());
/// assert_eq!(Exam::FIELDS[0].name(), "math");
/// assert!(Exam::registry().is_empty());
/// ```
pub trait Validated {
    /// The checked fields in declaration order, with their bounds and types as written.
    const FIELDS: &'static [FieldSpec];

    /// Checks every marked field, and the fields of every nested struct, reporting all
    /// failures: in declaration order, each nested struct's after the field that holds it,
    /// with the [path](crate::OutOfRange::path) to each.
    ///
    /// A value built by `try_new` and changed only through the setters always passes; this is
    /// for values built another way, such as inside the defining module.
    fn validate(&self) -> Result<(), Invalid>;

    /// Whether `validate` would pass: the fast path of a check that descends into this
    /// struct. Not a public API.
    #[doc(hidden)]
    fn __holds(&self) -> bool {
        self.validate().is_ok()
    }

    /// Records what `validate` would report, at the path `checks` is at. Not a public API.
    #[doc(hidden)]
    fn __report(&self, checks: &mut Checks) {
        if let Err(invalid) = self.validate() {
            checks.extend(invalid);
        }
    }

    /// The key of a struct with a `#[within(key)]` field: `Some` for such a struct, whose
    /// registry then keeps at most one live owner per key. Not a public API: the derive's hook.
    #[doc(hidden)]
    #[inline(always)]
    fn __key() -> Option<KeyOps<Self>>
    where
        Self: Sized + 'static,
    {
        None
    }

    /// The registry that [`Tracked::new`](crate::Tracked::new) registers values of this type in.
    ///
    /// Each concrete type has its own: `Pair<u8>` and `Pair<u16>` never share one. The derive
    /// gives a non-generic struct a plain `static`; generic structs, and types that implement
    /// this trait by hand, get one from a process-wide table keyed by type, created on first
    /// use and kept for the life of the program.
    #[cfg(feature = "std")]
    fn registry() -> &'static Registry<Self>
    where
        Self: Sized + 'static,
    {
        crate::by_type::registry_of::<Self>()
    }
}

/// A boxed struct is checked as the struct: so `#[within(nested)]` reaches through `Box<T>`
/// and `Option<Box<T>>`, for trees and lists.
impl<T: Validated + ?Sized> Validated for alloc::boxed::Box<T> {
    const FIELDS: &'static [FieldSpec] = T::FIELDS;

    #[inline]
    fn validate(&self) -> Result<(), Invalid> {
        T::validate(self)
    }

    #[inline]
    fn __holds(&self) -> bool {
        T::__holds(self)
    }

    fn __report(&self, checks: &mut Checks) {
        T::__report(self, checks);
    }
}
