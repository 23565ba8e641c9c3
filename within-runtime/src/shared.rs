//! The allocation an owner lives in (`Shared`: its handle count, place, creation site, the
//! registry it leaves, and its value) and the small anchor its weak handles share (`Anchor`):
//! what strong and weak handles, a registry's shards and its key index all point at.

use crate::shard::{Owner, Shard};
use crate::sync::{AtomicPtr, AtomicUsize, Racy};
use crate::Registry;
use core::panic::Location;
use core::sync::atomic::Ordering;
use std::boxed::Box;
use std::process;
use std::ptr;
use std::sync::{PoisonError, RwLock};

/// One owner: its handle count, its place in the registry, where it was created, its weak
/// handles' anchor, and the value behind a lock. All in one allocation, freed at the last
/// handle's drop.
pub(crate) struct Shared<T: 'static> {
    pub(crate) handles: AtomicUsize,
    /// The registry slot and shard (`slot * shards + shard`); written once by the shard's
    /// claim before any other thread can see it (a keyed owner's under the shard's lock,
    /// before it is released), then only read. A keyed owner's may carry its key's hash
    /// bits above it (see `with_hash_bits`): read it through `slot_place` and `hash_bits`.
    pub(crate) place: usize,
    pub(crate) registry: &'static Registry<T>,
    /// The caller of `Tracked::new` or `Registry::track`: a pointer into the binary, so
    /// remembering it costs one word and no allocation.
    pub(crate) site: &'static Location<'static>,
    /// The weak handles' anchor, made by the first `downgrade`; null until then. Read by the
    /// last drop, when no handle is left to make one.
    pub(crate) anchor: AtomicPtr<Anchor<T>>,
    pub(crate) value: RwLock<T>,
}

impl<T: 'static> Shared<T> {
    /// An owner holding one handle count, not yet in any slot.
    pub(crate) fn new(
        registry: &'static Registry<T>,
        site: &'static Location<'static>,
        value: T,
    ) -> Self {
        Shared {
            handles: AtomicUsize::new(1),
            place: usize::MAX,
            registry,
            site,
            anchor: AtomicPtr::new(std::ptr::null_mut()),
            value: RwLock::new(value),
        }
    }

    /// The place (`slot * SHARDS + shard`), without the hash bits a keyed owner's may carry.
    #[inline]
    pub(crate) fn slot_place(&self) -> usize {
        tag::slot_place(self.place)
    }

    /// The low bits of the key's hash that a keyed owner's place carries, and how many, if it
    /// does. With them its last drop finds its key's entry without hashing the key, so it
    /// needs no exclusive access to the value before taking the lock: it may take the sole
    /// handle's shortcut.
    #[inline]
    pub(crate) fn hash_bits(&self) -> Option<(u64, u32)> {
        tag::hash_bits(self.place)
    }

    /// The creation site of `owner`.
    ///
    /// # Safety
    ///
    /// `owner` is still allocated (the caller holds its registry's lock and found it in a slot).
    pub(crate) unsafe fn site(owner: *const Shared<T>) -> &'static Location<'static> {
        // SAFETY: the caller guarantees the allocation is live; `site` is never written after
        // the owner is made.
        unsafe { (*owner).site }
    }

    /// The value of an owner whose last handle dropped, read without its lock.
    ///
    /// # Safety
    ///
    /// `owner` is allocated, its count is zero, and no other thread uses its value: other
    /// threads may still read its count (a lookup under a lock), never the value.
    pub(crate) unsafe fn value_unshared<'a>(owner: *mut Shared<T>) -> &'a T {
        // SAFETY: as the caller guarantees; only the `value` field is borrowed.
        let lock = unsafe { &mut (*owner).value };
        lock.get_mut().unwrap_or_else(PoisonError::into_inner)
    }
}

impl<T: 'static> Owner for Shared<T> {
    /// # Safety
    ///
    /// `owner` comes from a `Box<Shared<T>>` made by `Registry::track`, and no other thread can
    /// access it yet.
    unsafe fn set_place(owner: *mut Self, place: usize) {
        // SAFETY: the caller guarantees exclusive access.
        unsafe { (*owner).place = place };
    }
}

/// Aborts like `Arc` does when a count would overflow: only a program leaking handles in a loop
/// gets there, and wrapping to zero would free a value still in use.
pub(crate) fn checked_increment(count: usize) -> usize {
    if count > isize::MAX as usize {
        process::abort();
    }
    count + 1
}

/// What the weak handles of one owner share: a small allocation of its own (three words,
/// 24 bytes on 64-bit targets), made by the first [`Tracked::downgrade`] and freed with the
/// last of the owner and its weak handles. The owner's own allocation (its value inline) is
/// freed at its last [`Tracked`] drop as if it had no weak handle: a weak handle never pins
/// it, only this anchor.
///
/// [`Tracked`]: crate::Tracked
/// [`Tracked::downgrade`]: crate::Tracked::downgrade
pub(crate) struct Anchor<T: 'static> {
    /// Weak handles, plus one while the owner lives.
    pub(crate) weak: AtomicUsize,
    /// The owner, or null once its last handle dropped. Read and written under the lock of
    /// `shard` only (written once more before the anchor is published).
    pub(crate) owner: Racy<*mut Shared<T>>,
    /// The shard the owner is registered in.
    pub(crate) shard: &'static Shard<Shared<T>>,
}

impl<T: 'static> Anchor<T> {
    /// A fresh anchor for `owner`, registered in `shard`, carrying two counts (the owner's and
    /// a first weak handle's), not yet published.
    pub(crate) fn new(owner: *mut Shared<T>, shard: &'static Shard<Shared<T>>) -> *mut Anchor<T> {
        Box::into_raw(Box::new(Anchor {
            weak: AtomicUsize::new(2),
            owner: Racy::new(owner),
            shard,
        }))
    }

    /// Frees an anchor that was never published.
    ///
    /// # Safety
    ///
    /// `anchor` comes from `Anchor::new` and no other thread saw it.
    pub(crate) unsafe fn discard(anchor: *mut Anchor<T>) {
        // SAFETY: as the caller guarantees.
        drop(unsafe { Box::from_raw(anchor) });
    }

    /// Tells the weak handles the owner is gone; called by the owner's last drop.
    ///
    /// # Safety
    ///
    /// The caller holds the owner's shard lock, and `anchor` is the owner's.
    pub(crate) unsafe fn detach(anchor: *mut Anchor<T>) {
        // SAFETY: the owner's count on the anchor keeps it allocated; the lock orders this
        // write with every upgrade's read.
        unsafe { (*anchor).owner.set(ptr::null_mut()) };
    }

    /// Gives back one count; the last frees the anchor.
    ///
    /// # Safety
    ///
    /// The caller holds a count on `anchor` that it gives up, and holds no registry lock.
    pub(crate) unsafe fn release(anchor: *mut Anchor<T>) {
        // SAFETY: the caller's count keeps the anchor allocated until the decrement.
        let weak = unsafe { &(*anchor).weak };
        if weak.fetch_sub(1, Ordering::Release) == 1 {
            // Pairs with the other counts' `Release`, as in `Tracked`'s drop.
            let _ = weak.load(Ordering::Acquire);
            // SAFETY: the count reached zero: no owner and no weak handle refers to it.
            drop(unsafe { Box::from_raw(anchor) });
        }
    }
}

/// `place` with the low bits of `hash` above it, when both fit in a word (on 64-bit targets,
/// for a place below 2^32: a shard with fewer than 2^28 slots); else `place` alone, whose
/// owner then hashes its key at its last drop.
pub(crate) fn with_hash_bits(place: usize, hash: u64) -> usize {
    tag::with_hash_bits(place, hash)
}

/// A keyed owner's place on 64-bit targets: bit 63 set when the hash bits are there, bits 32
/// to 62 the hash's low 31 bits, bits 0 to 31 the place. An untagged place never has bit 63
/// set (no shard has 2^59 slots).
#[cfg(target_pointer_width = "64")]
mod tag {
    const TAGGED: usize = 1 << 63;
    const BITS: u32 = 31;

    #[inline]
    pub(super) fn slot_place(place: usize) -> usize {
        if place & TAGGED != 0 {
            place & 0xFFFF_FFFF
        } else {
            place
        }
    }

    #[inline]
    pub(super) fn hash_bits(place: usize) -> Option<(u64, u32)> {
        (place & TAGGED != 0).then_some((((place & !TAGGED) >> 32) as u64, BITS))
    }

    #[inline]
    pub(super) fn with_hash_bits(place: usize, hash: u64) -> usize {
        if place <= 0xFFFF_FFFF {
            TAGGED | (((hash as usize) & ((1 << BITS) - 1)) << 32) | place
        } else {
            place
        }
    }
}

/// No room for hash bits: every keyed owner hashes its key at its last drop.
#[cfg(not(target_pointer_width = "64"))]
mod tag {
    #[inline]
    pub(super) fn slot_place(place: usize) -> usize {
        place
    }

    #[inline]
    pub(super) fn hash_bits(_place: usize) -> Option<(u64, u32)> {
        None
    }

    #[inline]
    pub(super) fn with_hash_bits(place: usize, _hash: u64) -> usize {
        place
    }
}

#[cfg(all(test, target_pointer_width = "64"))]
mod tests {
    use super::tag::{hash_bits, slot_place};
    use super::with_hash_bits;

    #[test]
    fn a_place_carries_hash_bits_when_it_fits_in_32_bits() {
        let hash = 0xdead_beef_9234_5678_u64;
        let place = 5 * 16 + 3;
        let tagged = with_hash_bits(place, hash);
        assert_eq!(slot_place(tagged), place);
        assert_eq!(hash_bits(tagged), Some((0x1234_5678, 31)));
        let big = 1 << 32;
        assert_eq!(with_hash_bits(big, hash), big);
        assert_eq!((slot_place(big), hash_bits(big)), (big, None));
        assert_eq!((slot_place(place), hash_bits(place)), (place, None));
    }
}
