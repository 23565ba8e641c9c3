//! `WeakTracked<T>`: a handle that does not keep its owner alive, nor its memory; and
//! `Tracked::downgrade`, which makes one.

use crate::shared::{checked_increment, Anchor};
use crate::sync::{lock, planted, Bug};
use crate::Tracked;
use core::sync::atomic::Ordering;
use std::fmt;
use std::ptr::NonNull;

/// A weak handle to a [`Tracked`] owner, from [`Tracked::downgrade`]: like `std::sync::Weak`
/// for an `Arc`, it does not keep the owner alive, and [`upgrade`](WeakTracked::upgrade) gives a
/// handle back while the owner lives. A cache that must not keep its owners alive holds
/// these.
///
/// A weak handle is not an owner: [`Registry::live`], [`Registry::len`], [`Registry::stats`]
/// and the census count only owners. Unlike a `Weak`, it does not keep the owner's memory
/// either: the owner's value is dropped and its allocation freed at its last [`Tracked`]
/// drop, weak handles or not. The weak handles of an owner share one small allocation of
/// three words (24 bytes on 64-bit targets), made by the first `downgrade` and freed with the
/// last weak handle (or with the owner, if it outlives them).
///
/// ```
/// use within_runtime::{Registry, Tracked, Validated, WeakTracked};
///
/// #[derive(Validated)]
/// struct Session {
///     #[within(1, 65535)]
///     port: u16,
/// }
///
/// static SESSIONS: Registry<Session> = Registry::new();
///
/// let session = SESSIONS.track(Session::try_new(443)?)?;
/// let cached: WeakTracked<Session> = Tracked::downgrade(&session);
/// assert_eq!(SESSIONS.len(), 1); // the weak handle is not counted
/// let again = cached.upgrade().expect("alive");
/// assert!(Tracked::ptr_eq(&session, &again));
/// drop((session, again));
/// assert!(cached.upgrade().is_none());
/// assert!(SESSIONS.is_empty());
/// # Ok::<(), within_runtime::Invalid>(())
/// ```
///
/// [`Registry::live`]: crate::Registry::live
/// [`Registry::len`]: crate::Registry::len
/// [`Registry::stats`]: crate::Registry::stats
pub struct WeakTracked<T: 'static> {
    /// `None` for `WeakTracked::new()`, which never upgrades.
    anchor: Option<NonNull<Anchor<T>>>,
}

// SAFETY: a weak handle gives a `Tracked<T>` back, so it may cross threads exactly when
// `Tracked<T>` may.
unsafe impl<T: Send + Sync + 'static> Send for WeakTracked<T> {}
// SAFETY: as above.
unsafe impl<T: Send + Sync + 'static> Sync for WeakTracked<T> {}

impl<T: 'static> WeakTracked<T> {
    /// A weak handle to no owner: [`upgrade`](WeakTracked::upgrade) always gives `None`. It
    /// allocates nothing.
    ///
    /// ```
    /// # use within_runtime::{Validated, WeakTracked};
    /// # #[derive(Validated)]
    /// # struct Exam { #[within(0, 100)] math: u32 }
    /// assert!(WeakTracked::<Exam>::new().upgrade().is_none());
    /// ```
    pub const fn new() -> Self {
        WeakTracked { anchor: None }
    }

    /// A weak handle on `anchor` that takes over a count the caller holds.
    ///
    /// # Safety
    ///
    /// The caller gives up one count on `anchor`.
    pub(crate) unsafe fn adopt(anchor: *mut Anchor<T>) -> Self {
        WeakTracked {
            anchor: NonNull::new(anchor),
        }
    }

    /// A new weak handle on `anchor`, taking a new count.
    ///
    /// # Safety
    ///
    /// `anchor` is allocated, and stays so during the call (the caller holds a count).
    pub(crate) unsafe fn from_anchor(anchor: *mut Anchor<T>) -> Self {
        // SAFETY: as the caller guarantees.
        let old = unsafe { (*anchor).weak.fetch_add(1, Ordering::Relaxed) };
        checked_increment(old);
        // SAFETY: we took the count it needs.
        unsafe { WeakTracked::adopt(anchor) }
    }

    /// A handle to the owner, or `None` if its last [`Tracked`] handle has dropped (or is
    /// dropping now on another thread: an upgrade never brings back an owner whose value is
    /// being dropped).
    ///
    /// It takes the owner's shard lock once, like [`Registry::live`] does for every owner:
    /// that lock is what orders an upgrade with the owner's last drop.
    ///
    /// [`Registry::live`]: crate::Registry::live
    pub fn upgrade(&self) -> Option<Tracked<T>> {
        let anchor = self.anchor?.as_ptr();
        // SAFETY: this handle's count keeps the anchor allocated.
        let anchor = unsafe { &*anchor };
        if planted(Bug::UpgradeWithoutLock) {
            // SAFETY: none; the loom model that plants this must catch it.
            let owner = unsafe { anchor.owner.get() };
            // SAFETY: as above.
            return (!owner.is_null()).then(|| unsafe { Tracked::from_slot(owner) })?;
        }
        let locked = lock(&anchor.shard.lock);
        // SAFETY: read under the shard lock, which the last drop holds to clear it.
        let owner = unsafe { anchor.owner.get() };
        let handle = if owner.is_null() {
            None
        } else {
            // SAFETY: the owner is still allocated: its last drop clears this pointer under
            // the lock we hold before freeing it.
            unsafe { Tracked::from_slot(owner) }
        };
        drop(locked);
        handle
    }
}

// Downgrading lives with the weak handle it makes, so that `tracked.rs` needs none.
impl<T: 'static> Tracked<T> {
    /// A weak handle to this owner: it does not keep the owner alive, and is not counted by
    /// [`Registry::live`], [`Registry::stats`] or the census. [`WeakTracked::upgrade`] gives a
    /// handle back while the owner lives.
    ///
    /// An associated function, like `Arc::downgrade`, so it never shadows a method of `T`.
    ///
    /// ```
    /// use within_runtime::{Tracked, Validated};
    ///
    /// #[derive(Validated)]
    /// struct Exam {
    ///     #[within(0, 100)]
    ///     math: u32,
    /// }
    ///
    /// let exam = Tracked::new(Exam::try_new(90)?)?;
    /// let weak = Tracked::downgrade(&exam);
    /// assert_eq!(weak.upgrade().unwrap().read().math(), 90);
    /// drop(exam);
    /// assert!(weak.upgrade().is_none());
    /// # Ok::<(), within_runtime::Invalid>(())
    /// ```
    ///
    /// [`Registry::live`]: crate::Registry::live
    /// [`Registry::stats`]: crate::Registry::stats
    pub fn downgrade(this: &Self) -> WeakTracked<T> {
        let shared = this.shared();
        // `Acquire`: pairs with the `Release` that published the anchor.
        let anchor = shared.anchor.load(Ordering::Acquire);
        if !anchor.is_null() {
            // SAFETY: the owner holds a count on its anchor, and this handle keeps the owner.
            return unsafe { WeakTracked::from_anchor(anchor) };
        }
        let shard = shared.registry.shard_of(shared.slot_place());
        let fresh = Anchor::new(this.owner.as_ptr(), shard);
        match shared.anchor.compare_exchange(
            std::ptr::null_mut(),
            fresh,
            Ordering::AcqRel,
            Ordering::Acquire,
        ) {
            // SAFETY: `fresh` carries two counts: the owner's, and the one this handle takes.
            Ok(_) => unsafe { WeakTracked::adopt(fresh) },
            Err(theirs) => {
                // Another handle's downgrade published first: free ours (no lock is held).
                // SAFETY: `fresh` was never shared.
                unsafe { Anchor::discard(fresh) };
                // SAFETY: as for the first load.
                unsafe { WeakTracked::from_anchor(theirs) }
            }
        }
    }
}

impl<T: 'static> Clone for WeakTracked<T> {
    fn clone(&self) -> Self {
        match self.anchor {
            // SAFETY: our count keeps the anchor allocated.
            Some(anchor) => unsafe { WeakTracked::from_anchor(anchor.as_ptr()) },
            None => WeakTracked::new(),
        }
    }
}

impl<T: 'static> Drop for WeakTracked<T> {
    fn drop(&mut self) {
        if let Some(anchor) = self.anchor {
            // SAFETY: we give up this handle's count; no lock is held here.
            unsafe { Anchor::release(anchor.as_ptr()) };
        }
    }
}

impl<T: 'static> Default for WeakTracked<T> {
    /// [`WeakTracked::new`].
    fn default() -> Self {
        WeakTracked::new()
    }
}

impl<T: 'static> fmt::Debug for WeakTracked<T> {
    /// `(Weak)`, as `std::sync::Weak` prints.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("(Weak)")
    }
}

// Like `std::sync::Weak`: unwind-safe when the value is.
impl<T: std::panic::RefUnwindSafe + 'static> std::panic::UnwindSafe for WeakTracked<T> {}
impl<T: std::panic::RefUnwindSafe + 'static> std::panic::RefUnwindSafe for WeakTracked<T> {}
