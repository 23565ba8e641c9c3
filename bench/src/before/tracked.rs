//! `Tracked<T>`: a shared, validated owner registered in a [`Registry`].

use super::Registry;
use std::boxed::Box;
use std::fmt;
use std::marker::PhantomData;
use std::ops::{Deref, DerefMut};
use std::process;
use std::ptr::NonNull;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{PoisonError, RwLock, RwLockReadGuard, RwLockWriteGuard, TryLockError};

/// One owner: its handle count, its place in the registry, and the value behind a lock.
pub(crate) struct Shared<T: 'static> {
    handles: AtomicUsize,
    /// The registry slot; written once by `Registry::track` before any other thread can see
    /// this owner, then only read.
    slot: usize,
    registry: &'static Registry<T>,
    value: RwLock<T>,
}

impl<T: 'static> Shared<T> {
    /// Allocates an owner holding one handle count, not yet in any slot.
    pub(crate) fn allocate(registry: &'static Registry<T>, value: T) -> *mut Shared<T> {
        Box::into_raw(Box::new(Shared {
            handles: AtomicUsize::new(1),
            slot: usize::MAX,
            registry,
            value: RwLock::new(value),
        }))
    }

    /// # Safety
    ///
    /// `owner` comes from `allocate` and no other thread can access it yet.
    pub(crate) unsafe fn set_slot(owner: *mut Shared<T>, slot: usize) {
        // SAFETY: the caller guarantees exclusive access.
        unsafe { (*owner).slot = slot };
    }
}

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
/// The registry's own locks are never held while these guards are, so registry calls under a
/// guard never block.
///
/// A panic while a write guard is held does not make the owner unreadable: the setters keep
/// each field in range at every moment, so the lock's poison flag is ignored.
pub struct Tracked<T: 'static> {
    owner: NonNull<Shared<T>>,
    _owns: PhantomData<Shared<T>>,
}

// SAFETY: a `Tracked<T>` gives shared access to `T` from any thread (`read`) and exclusive access
// through a lock (`write`), like `Arc<RwLock<T>>`, and drops `T` on whichever thread holds the
// last handle: so it needs both `T: Send` and `T: Sync`.
unsafe impl<T: Send + Sync + 'static> Send for Tracked<T> {}
// SAFETY: as above.
unsafe impl<T: Send + Sync + 'static> Sync for Tracked<T> {}


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
    /// `owner` is still allocated: the caller holds the registry lock and found it in a slot.
    pub(crate) unsafe fn upgrade(owner: *mut Shared<T>) -> Option<Self> {
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

    fn shared(&self) -> &Shared<T> {
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
}

/// Aborts like `Arc` does when a count would overflow: only a program leaking handles in a loop
/// gets there, and wrapping to zero would free a value still in use.
fn checked_increment(count: usize) -> usize {
    if count > isize::MAX as usize {
        process::abort();
    }
    count + 1
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
        if self.shared().handles.fetch_sub(1, Ordering::Release) != 1 {
            return;
        }
        // Pairs with the `Release` above in every other handle's drop, so their uses of the
        // value happen before we drop it. A load rather than `fence(Acquire)`, which is the
        // same here, because ThreadSanitizer does not model fences and would report a race.
        let _ = self.shared().handles.load(Ordering::Acquire);
        let shared = self.shared();
        // Leave the registry first, so that it never points at freed memory ...
        shared.registry.remove(shared.slot);
        // ... then drop the value (with no lock held, since its `Drop` may use the registry)
        // and free the allocation. If the value's `Drop` panics, the box is still freed.
        // SAFETY: the count reached zero and the slot is cleared, so no handle and no registry
        // slot points here any more: we own the allocation made by `Shared::allocate`.
        drop(unsafe { Box::from_raw(self.owner.as_ptr()) });
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

/// Shared access to a [`Tracked`] value, returned by [`Tracked::read`].
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
