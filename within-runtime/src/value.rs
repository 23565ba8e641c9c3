//! What a checked field may hold, and how an error keeps a rejected value without formatting it.

use alloc::boxed::Box;
#[cfg(feature = "std")]
use alloc::string::String;
use core::any::TypeId;
use core::fmt::{self, Debug};
use core::marker::PhantomData;
use core::mem::{size_of, MaybeUninit};

/// A type that a `#[within(min, max)]` field may have.
///
/// Every `Copy + PartialOrd + Debug + Send + Sync + 'static` type is one: all primitive numbers,
/// `char`, `core::time::Duration`, and your own `Copy` types that compare and print.
///
/// `Copy` lets getters return the value and errors keep it; `PartialOrd` makes the check;
/// `Debug` prints bounds and value in messages; `Send + Sync + 'static` let an [`OutOfRange`]
/// carry the rejected value across threads and out of any scope, as errors should.
///
/// [`OutOfRange`]: crate::OutOfRange
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be a #[within] field",
    label = "a #[within] field needs a type that is Copy + PartialOrd + Debug + Send + Sync + 'static"
)]
pub trait Bounded: Copy + PartialOrd + Debug + Send + Sync + 'static {}

impl<T: Copy + PartialOrd + Debug + Send + Sync + 'static> Bounded for T {}

/// Bytes enough for any primitive number (`u128`, `f64`) or a `Duration`, kept in the error
/// itself; a larger value goes behind a `Box`, whose pointer is kept here instead.
const INLINE: usize = 16;

/// One rejected value, type-erased: the error that holds it also holds the `&'static Site`
/// whose `ValueVTable` knows its type.
///
/// Made of two `u64`s rather than 16 bytes, so an error is copied in aligned 8-byte moves: a
/// byte array made a setter's `Result` kept in memory (`let r = black_box(set(..))`) about 9x
/// a hand-written one, from stalls on loads that spanned several smaller stores. Values are
/// still written and read unaligned, so a `u128` does not raise the error's alignment.
pub(crate) struct RawValue(MaybeUninit<[u64; INLINE / 8]>);

/// What the erased type can do, as functions monomorphized for it. Every function takes a
/// `RawValue` made by `RawValue::new` for the same `T`.
pub(crate) struct ValueVTable {
    fmt: fn(&RawValue, &mut fmt::Formatter<'_>) -> fmt::Result,
    eq: fn(&RawValue, &RawValue) -> bool,
    clone: fn(&RawValue) -> RawValue,
    drop: fn(&mut RawValue),
    type_id: fn() -> TypeId,
}

/// The vtable of `T`, typed, so that a `Site<T>` can only be built with the functions of `T`.
/// Made only in this crate, for `Bounded` types; generated code names it as
/// `<Ty as Field>::VTABLE`, which fails, once, for a type that cannot be a field.
#[doc(hidden)]
pub struct VTableOf<T> {
    pub(crate) vtable: &'static ValueVTable,
    _type: PhantomData<fn() -> T>,
}

impl<T: Bounded> VTableOf<T> {
    pub(crate) const NEW: VTableOf<T> = VTableOf {
        vtable: ValueVTable::of::<T>(),
        _type: PhantomData,
    };
}

pub(crate) const fn fits_inline<T>() -> bool {
    size_of::<T>() <= INLINE
}

/// The vtable of a key error's value: a boxed `String`, the key's `Debug` text, printed as it
/// is.
#[cfg(feature = "std")]
pub(crate) const TEXT_VTABLE: &ValueVTable = &ValueVTable {
    fmt: |value, f| f.write_str(text_of(value)),
    eq: |a, b| text_of(a) == text_of(b),
    clone: |value| RawValue::text(String::from(text_of(value))),
    drop: |value| {
        // SAFETY: a text value holds the pointer of a live `Box<String>`, dropped once.
        drop(unsafe { Box::from_raw(value.0.as_ptr().cast::<*mut String>().read_unaligned()) })
    },
    type_id: TypeId::of::<String>,
};

/// The text a value made by `RawValue::text` holds.
#[cfg(feature = "std")]
fn text_of(value: &RawValue) -> &str {
    // SAFETY: only `TEXT_VTABLE`'s functions call this, on values made by `RawValue::text`,
    // which hold the pointer of a live `Box<String>`.
    unsafe { &*value.0.as_ptr().cast::<*const String>().read_unaligned() }
}

impl RawValue {
    /// Keeps `text`, boxed, for `TEXT_VTABLE`.
    #[cfg(feature = "std")]
    pub(crate) fn text(text: String) -> Self {
        let mut raw = RawValue(MaybeUninit::uninit());
        let boxed = Box::into_raw(Box::new(text));
        // SAFETY: a pointer fits in `INLINE` bytes.
        unsafe {
            raw.0
                .as_mut_ptr()
                .cast::<*mut String>()
                .write_unaligned(boxed)
        };
        raw
    }

    /// No value: for a secret field, whose value an error never holds.
    pub(crate) fn empty() -> Self {
        RawValue(MaybeUninit::uninit())
    }

    /// Keeps `value`: copied in when it fits (unaligned, so a `u128` does not raise the error's
    /// alignment), else boxed.
    #[inline]
    pub(crate) fn new<T: Bounded>(value: T) -> Self {
        let mut raw = RawValue(MaybeUninit::uninit());
        let at = raw.0.as_mut_ptr().cast::<u8>();
        if fits_inline::<T>() {
            // SAFETY: `T` fits in the `INLINE` bytes, and an unaligned write needs no alignment.
            unsafe { at.cast::<T>().write_unaligned(value) };
        } else {
            let boxed = Box::into_raw(Box::new(value));
            // SAFETY: a pointer fits in `INLINE` bytes.
            unsafe { at.cast::<*mut T>().write_unaligned(boxed) };
        }
        raw
    }

    /// # Safety
    ///
    /// `self` was made by `RawValue::new::<T>` and not dropped.
    unsafe fn read<T: Bounded>(&self) -> T {
        let at = self.0.as_ptr().cast::<u8>();
        if fits_inline::<T>() {
            // SAFETY: the caller guarantees these bytes hold a `T`; `T: Copy`.
            unsafe { at.cast::<T>().read_unaligned() }
        } else {
            // SAFETY: the caller guarantees these bytes hold a live `Box<T>`'s pointer.
            unsafe { *at.cast::<*mut T>().read_unaligned() }
        }
    }
}

impl ValueVTable {
    /// The functions for `T`, as a constant every error for a `T` field can point to.
    pub(crate) const fn of<T: Bounded>() -> &'static ValueVTable {
        const {
            &ValueVTable {
                fmt: fmt_erased::<T>,
                eq: eq_erased::<T>,
                clone: clone_erased::<T>,
                drop: drop_erased::<T>,
                type_id: TypeId::of::<T>,
            }
        }
    }

    /// # Safety
    ///
    /// `value` was made by `RawValue::new::<T>` for this vtable's `T`, and not dropped.
    pub(crate) unsafe fn fmt(&self, value: &RawValue, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        (self.fmt)(value, f)
    }

    /// Whether two values are equal; `other_vtable` says what `b` is.
    ///
    /// # Safety
    ///
    /// As for `fmt`, for `a` with this vtable and `b` with `other_vtable`.
    pub(crate) unsafe fn eq(&self, a: &RawValue, other_vtable: &ValueVTable, b: &RawValue) -> bool {
        (self.type_id)() == (other_vtable.type_id)() && (self.eq)(a, b)
    }

    /// # Safety
    ///
    /// As for `fmt`.
    pub(crate) unsafe fn clone(&self, value: &RawValue) -> RawValue {
        (self.clone)(value)
    }

    /// # Safety
    ///
    /// As for `fmt`; `value` is not used afterwards.
    pub(crate) unsafe fn drop(&self, value: &mut RawValue) {
        (self.drop)(value)
    }
}

// These are only reached through the vtable made for `T` and a value made for `T` (see the
// safety sections above), which is what makes each `read` sound.

fn fmt_erased<T: Bounded>(value: &RawValue, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    // SAFETY: see above.
    Debug::fmt(&unsafe { value.read::<T>() }, f)
}

fn eq_erased<T: Bounded>(a: &RawValue, b: &RawValue) -> bool {
    // SAFETY: see above; `ValueVTable::eq` checked that both hold a `T`.
    unsafe { a.read::<T>() == b.read::<T>() }
}

fn clone_erased<T: Bounded>(value: &RawValue) -> RawValue {
    // SAFETY: see above.
    RawValue::new(unsafe { value.read::<T>() })
}

fn drop_erased<T: Bounded>(value: &mut RawValue) {
    if !fits_inline::<T>() {
        // SAFETY: see above: the bytes hold the pointer of a live `Box<T>`, dropped once.
        drop(unsafe { Box::from_raw(value.0.as_ptr().cast::<*mut T>().read_unaligned()) });
    }
}
