//! What a checked field may hold, and how an error keeps a rejected value without formatting it.

use alloc::sync::Arc;
use core::any::{Any, TypeId};
use core::fmt::{self, Debug};
use core::mem::{align_of, size_of, MaybeUninit};

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

/// Bytes enough for one primitive number (`u128`, `f64`, `Duration`) kept without allocating.
const INLINE: usize = 16;

type Bytes = [MaybeUninit<u8>; INLINE];

/// The minimum, maximum and rejected value of one failed check, type-erased.
///
/// Values of at most 16 bytes are copied into the error itself (unaligned, so `u128` fits
/// without raising the error's alignment); larger ones go behind one shared allocation.
#[derive(Clone)]
pub(crate) struct Captured {
    storage: Storage,
    vtable: &'static VTable,
}

#[derive(Clone)]
enum Storage {
    Inline([Bytes; 3]),
    Shared(Arc<dyn Any + Send + Sync>),
}

/// What the erased type can do, as functions monomorphized for it.
struct VTable {
    fmt: fn(&Storage, usize, &mut fmt::Formatter<'_>) -> fmt::Result,
    eq: fn(&Storage, &Storage) -> bool,
    type_id: fn() -> TypeId,
}

const MIN: usize = 0;
const MAX: usize = 1;
const VALUE: usize = 2;

impl Captured {
    #[inline]
    pub(crate) fn new<T: Bounded>(min: T, max: T, value: T) -> Self {
        let storage = if fits_inline::<T>() {
            Storage::Inline([to_bytes(min), to_bytes(max), to_bytes(value)])
        } else {
            Storage::Shared(Arc::new([min, max, value]))
        };
        Captured {
            storage,
            vtable: const {
                &VTable {
                    fmt: fmt_erased::<T>,
                    eq: eq_erased::<T>,
                    type_id: TypeId::of::<T>,
                }
            },
        }
    }

    pub(crate) fn fmt_min(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        (self.vtable.fmt)(&self.storage, MIN, f)
    }

    pub(crate) fn fmt_max(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        (self.vtable.fmt)(&self.storage, MAX, f)
    }

    pub(crate) fn fmt_value(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        (self.vtable.fmt)(&self.storage, VALUE, f)
    }
}

impl PartialEq for Captured {
    fn eq(&self, other: &Self) -> bool {
        (self.vtable.type_id)() == (other.vtable.type_id)()
            && (self.vtable.eq)(&self.storage, &other.storage)
    }
}

const fn fits_inline<T>() -> bool {
    size_of::<T>() <= INLINE
}

#[inline]
fn to_bytes<T: Bounded>(value: T) -> Bytes {
    debug_assert!(fits_inline::<T>());
    let mut bytes = [MaybeUninit::uninit(); INLINE];
    // SAFETY: `T` fits in `INLINE` bytes (checked by the caller through `fits_inline`), and an
    // unaligned write needs no alignment. `T: Copy`, so the bytes may be duplicated freely.
    unsafe { bytes.as_mut_ptr().cast::<T>().write_unaligned(value) };
    bytes
}

/// Reads back value number `index` of a `Storage` built by `Captured::new::<T>`.
fn read<T: Bounded>(storage: &Storage, index: usize) -> T {
    match storage {
        Storage::Inline(slots) => {
            // SAFETY: this function is only reached through the vtable made for `T` together
            // with this storage, so the slot holds the bytes of a `T` written by `to_bytes`.
            unsafe { slots[index].as_ptr().cast::<T>().read_unaligned() }
        }
        Storage::Shared(values) => match values.downcast_ref::<[T; 3]>() {
            Some(values) => values[index],
            None => unreachable!("a captured value is always read with the type it was made with"),
        },
    }
}

fn fmt_erased<T: Bounded>(
    storage: &Storage,
    index: usize,
    f: &mut fmt::Formatter<'_>,
) -> fmt::Result {
    Debug::fmt(&read::<T>(storage, index), f)
}

fn eq_erased<T: Bounded>(a: &Storage, b: &Storage) -> bool {
    (0..3).all(|i| read::<T>(a, i) == read::<T>(b, i))
}

// `u128` is 16-aligned on some targets; the unaligned copies above are what keep the error
// at pointer alignment.
const _: () = assert!(align_of::<Captured>() <= align_of::<usize>());
