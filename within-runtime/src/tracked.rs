//! `Tracked<T>`: a shared, validated owner registered in a [`Registry`].

use crate::shared::{checked_increment, Shared};
use crate::{Invalid, Registry, Validated};
use core::panic::Location;
use std::boxed::Box;
use std::fmt;
use std::marker::PhantomData;
use std::ops::{Deref, DerefMut};
use std::ptr::NonNull;
use std::sync::atomic::Ordering;
use std::sync::{PoisonError, RwLockReadGuard, RwLockWriteGuard, TryLockError};

/// A cloneable, thread-safe handle to a validated owner that its registry tracks weakly.
///
/// [`Tracked::new`] checks the value, registers it in `T::registry()` and returns the first
/// handle. Clones share the owner. When the last handle drops, the owner leaves the registry
/// and its memory is freed, then and there.
///
/// ```
/// use within_runtime::{Tracked, Validated};
///
/// #[derive(Validated, Debug)]
/// struct Exam {
///     #[within(0, 100)]
///     math: u32,
/// }
///
/// let exam = Tracked::new(Exam::try_new(90)?)?;
/// let same = exam.clone();
/// same.write().set_math(95)?;
/// assert_eq!(exam.read().math(), 95);
/// assert!(Tracked::ptr_eq(&exam, &same));
/// assert_eq!(Exam::registry().len(), 1);
///
/// drop(exam);
/// assert_eq!(Exam::registry().len(), 1);
/// drop(same);
/// assert!(Exam::registry().is_empty());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Locking
///
/// The value sits behind a readers-writer lock: [`read`](Tracked::read) blocks while another
/// thread holds a write guard, [`write`](Tracked::write) while any other guard is held. As with
/// [`RwLock`], a thread that asks for a guard on an owner it already holds a guard to may
/// deadlock, even for two reads: a writer waiting in between goes first. Mind this when walking
/// a [`live`](Registry::live) snapshot while holding a guard, since the snapshot holds every
/// owner; [`try_read`](Tracked::try_read) and [`try_write`](Tracked::try_write) never block.
/// The registry's own locks are never held while these guards are, and never taken while
/// waiting for one, so registry calls made while holding a guard cannot deadlock on it; they
/// may wait, briefly, for another thread's registry bookkeeping, as any registry call may.
///
/// A panic while a write guard is held does not make the owner unreadable: the setters keep
/// each field in range at every moment, so the lock's poison flag is ignored.
///
/// [`RwLock`]: std::sync::RwLock
pub struct Tracked<T: 'static> {
    pub(crate) owner: NonNull<Shared<T>>,
    _owns: PhantomData<Shared<T>>,
}

// SAFETY: a `Tracked<T>` gives shared access to `T` from any thread (`read`) and exclusive access
// through a lock (`write`), like `Arc<RwLock<T>>`, and drops `T` on whichever thread holds the
// last handle: so it needs both `T: Send` and `T: Sync`.
unsafe impl<T: Send + Sync + 'static> Send for Tracked<T> {}
// SAFETY: as above.
unsafe impl<T: Send + Sync + 'static> Sync for Tracked<T> {}

impl<T: Validated + Send + Sync + 'static> Tracked<T> {
    /// Validates `value`, registers it in [`T::registry()`](Validated::registry) and returns
    /// its first handle, or every out-of-range field.
    ///
    /// The owner remembers the source location of this call (of the nearest caller not marked
    /// `#[track_caller]`), which [`Registry::census`] groups owners by.
    #[track_caller]
    pub fn new(value: T) -> Result<Self, Invalid> {
        T::registry().track(value)
    }
}

impl<T: 'static> Tracked<T> {
    /// # Safety
    ///
    /// `owner` is registered and carries one handle count that the new handle takes over.
    pub(crate) unsafe fn from_registered(owner: *mut Shared<T>) -> Self {
        Tracked {
            // SAFETY: `owner` comes from `Box::into_raw`, which never returns null.
            owner: unsafe { NonNull::new_unchecked(owner) },
            _owns: PhantomData,
        }
    }

    /// A new handle to `owner`, unless its last handle is already being dropped.
    ///
    /// # Safety
    ///
    /// `owner` is still allocated: the caller holds its shard's lock and found it in a slot
    /// (or in an anchor, which the last drop clears under that lock).
    pub(crate) unsafe fn from_slot(owner: *mut Shared<T>) -> Option<Self> {
        // SAFETY: the caller guarantees the allocation is live.
        let handles = unsafe { &(*owner).handles };
        let mut count = handles.load(Ordering::Relaxed);
        loop {
            // Zero is final: the dropping thread is waiting for our lock to clear the slot.
            if count == 0 {
                return None;
            }
            match handles.compare_exchange_weak(
                count,
                checked_increment(count),
                Ordering::Acquire,
                Ordering::Relaxed,
            ) {
                // SAFETY: we now hold one more count, which the new handle takes over.
                Ok(_) => return Some(unsafe { Tracked::from_registered(owner) }),
                Err(now) => count = now,
            }
        }
    }

    pub(crate) fn shared(&self) -> &Shared<T> {
        // SAFETY: the allocation lives as long as any handle, and this is one.
        unsafe { self.owner.as_ref() }
    }

    /// Shared access to the value; blocks while a [`write`](Tracked::write) guard is held.
    pub fn read(&self) -> ReadGuard<'_, T> {
        ReadGuard(
            self.shared()
                .value
                .read()
                .unwrap_or_else(PoisonError::into_inner),
        )
    }

    /// Exclusive access to the value, to call its checked setters; blocks while any other
    /// guard is held.
    pub fn write(&self) -> WriteGuard<'_, T> {
        WriteGuard(
            self.shared()
                .value
                .write()
                .unwrap_or_else(PoisonError::into_inner),
        )
    }

    /// Shared access to the value, or `None` at once if it would block.
    pub fn try_read(&self) -> Option<ReadGuard<'_, T>> {
        match self.shared().value.try_read() {
            Ok(guard) => Some(ReadGuard(guard)),
            Err(TryLockError::Poisoned(poisoned)) => Some(ReadGuard(poisoned.into_inner())),
            Err(TryLockError::WouldBlock) => None,
        }
    }

    /// Exclusive access to the value, or `None` at once if it would block.
    pub fn try_write(&self) -> Option<WriteGuard<'_, T>> {
        match self.shared().value.try_write() {
            Ok(guard) => Some(WriteGuard(guard)),
            Err(TryLockError::Poisoned(poisoned)) => Some(WriteGuard(poisoned.into_inner())),
            Err(TryLockError::WouldBlock) => None,
        }
    }

    /// Whether two handles share one owner.
    pub fn ptr_eq(this: &Self, other: &Self) -> bool {
        this.owner == other.owner
    }

    /// The registry this owner is tracked in.
    pub fn registry(this: &Self) -> &'static Registry<T> {
        this.shared().registry
    }

    /// Where this owner was created: the caller of [`Tracked::new`] or [`Registry::track`].
    ///
    /// ```
    /// # use within_runtime::{Tracked, Validated};
    /// # #[derive(Validated)]
    /// # struct Exam {
    /// #     #[within(0, 100)]
    /// #     math: u32,
    /// # }
    /// let exam = Tracked::new(Exam::try_new(90)?)?; let line = line!();
    /// assert_eq!(Tracked::site(&exam).line(), line);
    /// # Ok::<(), within_runtime::Invalid>(())
    /// ```
    pub fn site(this: &Self) -> &'static Location<'static> {
        this.shared().site
    }
}

impl<T: 'static> Clone for Tracked<T> {
    fn clone(&self) -> Self {
        let old = self.shared().handles.fetch_add(1, Ordering::Relaxed);
        checked_increment(old);
        Tracked {
            owner: self.owner,
            _owns: PhantomData,
        }
    }
}

impl<T: 'static> Drop for Tracked<T> {
    fn drop(&mut self) {
        let shared = self.shared();
        let owner = self.owner.as_ptr();
        // The usual case, a sole handle: no other thread has one to clone, and the only other
        // ways to make one, `live()` and `WeakTracked::upgrade`, take the shard's lock. So
        // `leave` checks the count again under that lock, and if it is still one, this is the
        // last handle and the owner leaves without the count's atomic read-modify-write.
        // `Acquire`, like the load below, so the uses of the value through handles dropped
        // before happen before we drop it.
        // A keyed owner takes it only if its place carries its key's hash bits (it nearly
        // always does: see `shared.rs`): else its drop must hash its key with no lock held,
        // which only the last handle may do (it reads the value without its lock).
        let sole = shared.handles.load(Ordering::Acquire) == 1
            && (!shared.registry.is_keyed() || shared.hash_bits().is_some());
        if !sole && !last_of(shared) {
            return;
        }
        // Leave the registry first, so that it never points at freed memory ...
        // SAFETY: with `sole`, as above; else the count reached zero: no handle is left, and
        // none can be made again. One call site, inline; a failed recheck goes out of line.
        if !unsafe { shared.registry.leave(owner, sole) } {
            // SAFETY: a sole handle whose recheck failed: it still holds its count.
            return unsafe { drop_after_recheck(owner) };
        }
        // ... then drop the value (with no lock held, since its `Drop` may use the registry)
        // and free the allocation. If the value's `Drop` panics, the box is still freed.
        // SAFETY: this was the last handle (the count reached zero, or was one under the lock
        // that cleared the slot) and the slot and the anchor are cleared, so no other handle,
        // registry slot or weak handle reaches this allocation: we own what `track` made.
        drop(unsafe { Box::from_raw(owner) });
    }
}

/// Gives back a handle's count: whether it was the last.
#[inline]
fn last_of<T: 'static>(shared: &Shared<T>) -> bool {
    if shared.handles.fetch_sub(1, Ordering::Release) != 1 {
        return false;
    }
    // Pairs with the `Release` above in every other handle's drop, so their uses of the value
    // happen before we drop it. A load rather than `fence(Acquire)`, which is the same here,
    // because ThreadSanitizer does not model fences and would report a race.
    let _ = shared.handles.load(Ordering::Acquire);
    true
}

/// The drop of a handle that saw a count of one, but found another handle made (by `live()`
/// or `upgrade`) when it rechecked under the shard lock: the ordinary count decrement, and the
/// registry left if that was the last.
///
/// # Safety
///
/// `owner` is registered, and the caller's handle holds a count that it gives up.
#[cold]
#[inline(never)]
unsafe fn drop_after_recheck<T: 'static>(owner: *mut Shared<T>) {
    // SAFETY: the caller's count keeps the allocation.
    let shared = unsafe { &*owner };
    if last_of(shared) {
        // SAFETY: the count reached zero: no handle is left, and none can be made again.
        unsafe { shared.registry.leave(owner, false) };
        // SAFETY: as at the end of `Tracked`'s drop.
        drop(unsafe { Box::from_raw(owner) });
    }
}

impl<T: fmt::Debug + 'static> fmt::Debug for Tracked<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // `try_read`, so that printing a handle whose guard this thread holds cannot deadlock.
        match self.try_read() {
            Some(value) => f.debug_tuple("Tracked").field(&*value).finish(),
            None => f.write_str("Tracked(<locked>)"),
        }
    }
}

/// With the `serde` feature, a handle serializes as its value, read under a
/// [`read`](Tracked::read) guard (so, like `read`, it waits while another thread holds a write
/// guard, and may deadlock if this thread holds one).
#[cfg(feature = "serde")]
impl<T: serde::Serialize + 'static> serde::Serialize for Tracked<T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        T::serialize(&self.read(), serializer)
    }
}

/// Shared access to a [`Tracked`] value, returned by [`Tracked::read`].
#[must_use = "if unused the value is unlocked at once"]
pub struct ReadGuard<'a, T>(RwLockReadGuard<'a, T>);

impl<T> Deref for ReadGuard<'_, T> {
    type Target = T;

    #[inline]
    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T: fmt::Debug> fmt::Debug for ReadGuard<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&**self, f)
    }
}

/// Exclusive access to a [`Tracked`] value, returned by [`Tracked::write`].
#[must_use = "if unused the value is unlocked at once"]
pub struct WriteGuard<'a, T>(RwLockWriteGuard<'a, T>);

impl<T> Deref for WriteGuard<'_, T> {
    type Target = T;

    #[inline]
    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T> DerefMut for WriteGuard<'_, T> {
    #[inline]
    fn deref_mut(&mut self) -> &mut T {
        &mut self.0
    }
}

impl<T: fmt::Debug> fmt::Debug for WriteGuard<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&**self, f)
    }
}

impl<T: fmt::Display> fmt::Display for ReadGuard<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&**self, f)
    }
}

impl<T: fmt::Display> fmt::Display for WriteGuard<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&**self, f)
    }
}
