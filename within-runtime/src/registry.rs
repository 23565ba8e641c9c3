//! The registry of validated owners, which never keeps one alive.
//!
//! # The weak-allocation trap
//!
//! The obvious Rust port of Python's `WeakKeyDictionary` is a `Mutex<Vec<Weak<T>>>` pruned now
//! and then. It does not keep owners *alive*, but it still keeps their *memory*: an `Arc<T>`'s
//! allocation (the counters and `T` itself, payload included) is returned only when the last
//! `Weak` is gone too. Every dead owner whose `Weak` waits for the next prune leaks
//! `size_of::<T>()` bytes or more, and a registry that prunes on growth or on iteration can hold
//! the memory of every owner since the last prune.
//!
//! # How this registry avoids it
//!
//! The registry holds no counted reference at all. Each owner lives in one allocation with
//! its handle count, its place (shard and slot), its creation site, a pointer back to its
//! registry and one to its weak handles' anchor. When the last [`Tracked`] handle drops, that
//! handle takes its shard's lock, clears the owner's slot (and tells its weak handles it is
//! gone), releases the lock, and only then drops the value and frees the allocation. So the
//! registry never points at freed memory, and the memory is returned at once.
//!
//! [`Registry::live`] and [`WeakTracked::upgrade`](crate::WeakTracked::upgrade) make handles
//! under the same lock and skip owners whose count already reached zero: a count never comes
//! back from zero. A weak handle holds a small anchor of its own, never the owner's allocation.
//!
//! # Tracking without the lock
//!
//! A thread's first `track` takes one of a few leases (the same number in every registry,
//! returned when the thread exits): the thread holding lease `i` is the only one that claims
//! slots in shard `i`. It takes a free slot from a list only it writes, writes the owner's
//! place into the owner, and publishes the owner into the slot with a `Release` store: plain
//! stores, no lock, no read-modify-write. The last drop clears the slot under the shard's
//! [`std::sync::Mutex`]; a drop on the leaseholder's thread puts the slot back on its own
//! list, a drop on any other thread on a list under the lock, which the leaseholder takes back
//! (under the lock) when its own list runs dry. `live`, `census` and `stats` read the shard
//! under its lock, seeing each published owner whole. A thread that finds every lease taken,
//! or tracks from a thread-local destructor that runs after its lease was returned, uses a
//! shared shard, whose claims take its lock. A keyed registry places each owner in the shard
//! its key's hash picks, and claims there under the lock, with its key (see `keys.rs`). The
//! protocol is model-checked with loom (`loom_models.rs`).
//!
//! # What runs under the lock
//!
//! Only this module's own bookkeeping: reading and writing slots and counters (and, for a
//! keyed type, the key's `Eq`, see [`Registry::get`]). No code of yours runs while a shard lock
//! is held (values are dropped after it is released, `live()` only increments counters under
//! it), and nothing allocates or frees memory under it: a table that must grow is allocated
//! with the lock released and swapped in afterwards, and a table that is no longer needed is
//! freed after the lock is released. Every allocation a `track` makes happens before it takes
//! its slot, so an allocator that re-enters `track` on the same thread never gets the same
//! slot. So a `Drop` impl, a panic hook or even a global allocator may call into the registry
//! without deadlocking, and a panic never happens under the lock.
//!
//! A thread can still *wait* for a shard lock that another thread holds, for as long as that
//! thread takes to run the bookkeeping above (a few instructions for a last drop, one pass over
//! the shard for `live()` and `census()`).
//!
//! Slots are reused before new ones are made, so the registry's own storage (one pointer per
//! slot) is bounded by the peak number of owners alive at once, and is returned altogether
//! when a shard empties after holding many. (The bound holds per shard: threads that reach
//! their peaks one after another, each in its own shard, can make the registry keep up to one
//! peak's table per shard until the shard empties.)
//!
//! # Guarantees, exactly
//!
//! 1. The registry holds no counted reference: it never keeps an owner alive, and neither
//!    does a [`WeakTracked`](crate::WeakTracked).
//! 2. When the last [`Tracked`] handle of an owner drops, the owner leaves its registry and
//!    its whole allocation is freed before that drop returns (after the value's own `Drop`,
//!    which runs with no registry lock held; if it panics, the allocation is still freed).
//!    Weak handles keep only their anchor, three words, freed with the last of them.
//! 3. The registry's own memory is one pointer per slot; per shard, the slots are at most
//!    twice the most owners that shard held at once (or 4), and a shard that empties after
//!    holding more than 1,024 frees its table: at once if the leaseholder's thread dropped the
//!    last owner, else at the leaseholder's next `track`, or when its thread exits (which
//!    frees every empty table of its shard). A keyed registry's key index follows
//!    the same rule (three words per entry, at most half full).
//! 4. Concurrent `track`, drops, `live`, `stats` and `census` from any number of threads lose
//!    no owner and count each once. [`Registry::len`] and [`Registry::stats`] are exact once
//!    the tracks and drops they should count happened before the call; while others are in
//!    flight, each shard is read at its own moment.
//! 5. No deadlock: no code of yours, and no allocation or free, runs while a shard lock is
//!    held, so `Drop` impls, panic hooks and global allocators may call any registry method.
//!    A call may wait while another thread holds a shard lock for its bookkeeping. The one
//!    exception is a keyed type's key `Eq`, which compares keys under the lock of their shard
//!    (see [`Registry::get`]): it must not call into a registry, or panic.
//! 6. A panic in your code (a `Drop`, a setter, a hook) never happens under a shard lock, so
//!    the registry stays usable and consistent. (A key's `Eq` that panics anyway leaves the
//!    registry consistent, and the value being tracked is dropped, after the lock is released;
//!    but a panic hook that calls a registry would wait for the lock this thread holds.)
//!
//! # Sharding
//!
//! A registry has one shard per lease and a shared one, each with its own
//! [`std::sync::Mutex`] and on its own cache lines. An owner leaves the shard it was
//! registered in, whichever thread drops it. `len` adds up the shards' counts, and `live`,
//! `stats` and `census` visit the shards one after another.

use crate::census::{self, Census, Enlisted};
use crate::keys::KeyStore;
use crate::lease::{self, SHARDS, SHARED};
use crate::shard::{Locked, Retired, Shard};
use crate::shared::{Anchor, Shared};
use crate::sync::{lock, planted, Bug, MutexGuard};
use crate::{Invalid, Tracked, Validated};
use core::hash::Hash;
use core::panic::Location;
use core::sync::atomic::Ordering;
use std::boxed::Box;
use std::fmt;
use std::ptr;
use std::sync::{Once, OnceLock};
use std::vec::Vec;

/// A set of live, validated owners of type `T`, each shared through [`Tracked`] handles.
///
/// Every type that derives [`Validated`] has a default registry, [`Validated::registry`], which
/// [`Tracked::new`] uses. A registry of your own keeps tests and subsystems apart:
///
/// ```
/// use within_runtime::{Registry, Validated};
///
/// #[derive(Validated)]
/// struct Exam {
///     #[within(0, 100)]
///     math: u32,
/// }
///
/// static GRADED: Registry<Exam> = Registry::new();
///
/// let exam = GRADED.track(Exam::try_new(90)?)?;
/// assert_eq!(GRADED.len(), 1);
/// assert!(Exam::registry().is_empty());
/// drop(exam);
/// assert!(GRADED.is_empty());
/// assert_eq!(GRADED.stats().tracked, 1);
/// # Ok::<(), within_runtime::Invalid>(())
/// ```
///
/// # Lifetime
///
/// [`track`](Registry::track) takes `&'static self`: every owner points back at its registry
/// to leave it when dropped, so the registry must outlive every owner. Use a `static`, or
/// `Box::leak` for one made at run time.
pub struct Registry<T: 'static> {
    shards: [Shard<Shared<T>>; SHARDS],
    /// Run by the first `track`, which adds this registry to the ones [`crate::census()`]
    /// visits. A `Once`, not a flag: a second thread's `track` must not return before the
    /// registry is in the list, or that thread's `census()` could miss its own owner. Not
    /// part of the protocol that loom checks, so always std's.
    enlisted: Once,
    /// The next registry in that list.
    next: census::Link,
    /// The key index of a keyed type (`#[within(key)]`), made by its first `track`.
    pub(crate) keys: OnceLock<Box<dyn KeyStore<T>>>,
}

// SAFETY: the registry holds raw pointers to `Shared<T>` owners, and is shared between threads
// whatever `T` is. That is sound because of one invariant, which every method must keep:
//
//     a method that puts a `T` into the registry or hands one out (`track`, `live`, anything
//     that yields a `Tracked<T>`, a `&T` or a `T`) requires `T: Send + Sync`.
//
// So a registry of a type without them never holds an owner, and sharing an empty table of
// pointers is harmless; the other methods (`len`, `stats`, `census`, and `leave`, reached only
// from a `Tracked<T>`, which exists only for such a `T`) read counters and creation sites,
// never a `T`. A future method that returns owners or values without those bounds (a `drain`,
// an iterator over `&T`) would break this impl. The shards' unlocked cells are written only by
// their writer (`shard.rs`).
unsafe impl<T: 'static> Send for Registry<T> {}
// SAFETY: as above.
unsafe impl<T: 'static> Sync for Registry<T> {}

/// Counts of a registry's owners, from [`Registry::stats`].
///
/// `live` and `tracked` are exact when every `track` and last drop of the registry
/// happened before the call (on this thread, or on threads joined since); while other threads
/// track or drop, each shard is counted at a slightly different moment.
///
/// `peak` is the most owners alive at once. Each shard keeps its own peak, counted by the
/// thread that tracks into it, because a registry-wide peak would need a shared counter on
/// every `track` and drop. So `peak` is exact when every owner was tracked from one thread (it
/// then lives in one shard, whichever thread drops it) and drops on other threads happened
/// before the tracks they should precede; otherwise it is the sum of the shards' peaks, which
/// is at least the true peak, and a drop in flight on another thread may count as not yet
/// done.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
#[must_use]
pub struct Stats {
    /// Owners alive now: tracked, and their last handle not yet dropped.
    pub live: usize,
    /// The most owners alive at once (see above for threads).
    pub peak: usize,
    /// Owners ever tracked in the registry, alive or not.
    pub tracked: u64,
}

#[cfg(not(loom))]
impl<T: 'static> Registry<T> {
    /// An empty registry; `const`, so it can be a `static`.
    pub const fn new() -> Self {
        Registry {
            shards: [const { Shard::new() }; SHARDS],
            enlisted: Once::new(),
            next: OnceLock::new(),
            keys: OnceLock::new(),
        }
    }
}

#[cfg(loom)]
impl<T: 'static> Registry<T> {
    /// An empty registry. Under loom, whose primitives are made at run time, not `const`: a
    /// model leaks a boxed one to get the `&'static` that `track` needs.
    pub fn new() -> Self {
        Registry {
            shards: core::array::from_fn(|_| Shard::new()),
            enlisted: Once::new(),
            next: OnceLock::new(),
            keys: OnceLock::new(),
        }
    }
}

impl<T: 'static> Registry<T> {
    /// How many owners are alive in this registry.
    ///
    /// Exact when every `track` and last drop of this registry happened before the call (they
    /// were made on this thread, or on threads joined since); while other threads track or
    /// drop owners, it may miss or include those in flight. It takes no lock.
    pub fn len(&self) -> usize {
        self.shards.iter().map(Shard::len).sum()
    }

    /// Whether no owner is alive in this registry; exact under the same conditions as
    /// [`len`](Registry::len).
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// How many owners are alive, the most that were alive at once, and how many were ever
    /// tracked; see [`Stats`] for how exact each is.
    ///
    /// ```
    /// use within_runtime::{Registry, Validated};
    ///
    /// #[derive(Validated)]
    /// struct Session {
    ///     #[within(1, 65535)]
    ///     port: u16,
    /// }
    ///
    /// static SESSIONS: Registry<Session> = Registry::new();
    ///
    /// let a = SESSIONS.track(Session::try_new(80)?)?;
    /// let b = SESSIONS.track(Session::try_new(443)?)?;
    /// drop(a);
    /// let c = SESSIONS.track(Session::try_new(8080)?)?;
    /// let stats = SESSIONS.stats();
    /// assert_eq!((stats.live, stats.peak, stats.tracked), (2, 2, 3));
    /// # drop((b, c));
    /// # Ok::<(), within_runtime::Invalid>(())
    /// ```
    pub fn stats(&self) -> Stats {
        let mut stats = Stats {
            live: 0,
            peak: 0,
            tracked: 0,
        };
        for shard in &self.shards {
            let locked = lock(&shard.lock);
            let (live, peak, tracked) = shard.counts(&locked);
            drop(locked);
            stats.live += live;
            stats.peak += peak;
            stats.tracked += tracked as u64;
        }
        stats
    }

    /// The owners alive now, counted by the source location that created each (the caller of
    /// [`Tracked::new`] or [`Registry::track`]), largest group first.
    ///
    /// Compare two with [`Census::growth_since`] to see which lines of your program keep
    /// owners alive longer than they should; [`crate::census()`] does the same across every
    /// registry.
    ///
    /// It takes each shard's lock once, for one pass over the shard that copies creation
    /// sites into room reserved beforehand; only if the shard gained more owners between the
    /// reservation and the lock than were reserved for does it release the lock, reserve more
    /// and pass again. It never allocates and never runs code of yours under a lock, and
    /// counts owners as [`len`](Registry::len) does.
    pub fn census(&self) -> Census {
        let mut runs = Vec::new();
        self.census_into(&mut runs);
        Census::from_runs(core::any::type_name::<T>(), runs)
    }

    /// Appends the creation sites of the live owners to `runs`, as (site, count) runs of
    /// consecutive slots with one site; `runs` grows only while no lock is held.
    pub(crate) fn census_into(&self, runs: &mut Vec<(&'static Location<'static>, usize)>) {
        for shard in &self.shards {
            // One run per owner at worst. A quarter more than the shard holds now, so a shard
            // that grows meanwhile rarely needs a second pass.
            let room = |len: usize| len + len / 4 + 16;
            runs.reserve(room(shard.len()));
            'pass: loop {
                let locked = lock(&shard.lock);
                let start = runs.len();
                for owner in shard.owners(&locked) {
                    if runs.len() == runs.capacity() {
                        // The writer published more owners than there is room for: undo
                        // this pass, reserve with the lock released, and pass again.
                        drop(locked);
                        runs.truncate(start);
                        runs.reserve(room(shard.len()).max(runs.capacity()));
                        continue 'pass;
                    }
                    // SAFETY: a published owner is freed only after its slot is cleared,
                    // which takes the lock we hold; `site` never changes.
                    let site = unsafe { Shared::site(owner) };
                    let merge = runs.len() > start;
                    match runs.last_mut() {
                        Some((last, count)) if merge && ptr::eq(*last, site) => *count += 1,
                        // Within the capacity checked above: never allocates.
                        _ => runs.push((site, 1)),
                    }
                }
                break;
            }
        }
    }

    /// Adds this registry to the ones [`crate::census()`] visits, the first time it tracks.
    #[inline]
    pub(crate) fn enlist(&'static self) {
        // Once done, one acquire load: a plain load on x86.
        self.enlisted.call_once(|| census::enlist(self));
    }

    /// The shard an owner at `place` is registered in.
    pub(crate) fn shard_of(&self, place: usize) -> &Shard<Shared<T>> {
        &self.shards[place % SHARDS]
    }

    /// Shard number `index`.
    pub(crate) fn shard_at(&self, index: usize) -> &Shard<Shared<T>> {
        &self.shards[index]
    }

    /// Whether this registry has a key index (its type has a `#[within(key)]` field and it
    /// tracked an owner).
    #[inline]
    pub(crate) fn is_keyed(&self) -> bool {
        self.keys.get().is_some()
    }

    /// Clears the slot of an owner whose last handle is being dropped, and detaches its weak
    /// handles. With `sole`, the dropping handle saw a count of one: the slot is cleared only
    /// if the count is still one under the shard lock (then that handle is the last, since
    /// `live()` and `upgrade` make handles without one only under this lock), and the return
    /// value says whether it was.
    ///
    /// # Safety
    ///
    /// `owner` is registered in this registry and allocated; without `sole`, its count is zero.
    #[inline]
    pub(crate) unsafe fn leave(&self, owner: *mut Shared<T>, sole: bool) -> bool {
        if let Some(keys) = self.keys.get() {
            // SAFETY: forwarded; a keyed owner leaves by the sole shortcut only if its place
            // carries its key's hash bits (see `Tracked`'s drop).
            return unsafe { keys.leave(self, owner, sole) };
        }
        // SAFETY: the caller keeps `owner` allocated.
        let index = unsafe { (*owner).slot_place() } % SHARDS;
        // Read before locking: the thread-local is this thread's alone.
        let writer = index == SHARED || lease::held() == index;
        // SAFETY: forwarded.
        unsafe { self.leave_with(owner, sole, writer, |_| ()) }
    }

    /// `leave`, with `writer` saying whether this thread is the owner's shard's writer, and
    /// `under_lock` run after the slot is cleared, under the same lock (a keyed registry
    /// removes the key there). `under_lock` runs only if the slot is cleared.
    ///
    /// # Safety
    ///
    /// As for `leave`; `writer` is true only if this thread is the shard's writer.
    #[inline]
    pub(crate) unsafe fn leave_with(
        &self,
        owner: *mut Shared<T>,
        sole: bool,
        writer: bool,
        under_lock: impl FnOnce(&mut MutexGuard<'_, Locked>),
    ) -> bool {
        // SAFETY: the caller keeps `owner` allocated.
        let shared = unsafe { &*owner };
        let shard = &self.shards[shared.slot_place() % SHARDS];
        let mut locked = lock(&shard.lock);
        // `Acquire`: a `live()` or `upgrade` handle made and dropped since the caller's load
        // released its uses of the value with its decrement.
        if sole && !planted(Bug::NoRecheckUnderLock) && shared.handles.load(Ordering::Acquire) != 1
        {
            return false;
        }
        // The invariant the recheck keeps, asserted where loom can see it break.
        #[cfg(loom)]
        assert_eq!(
            shared.handles.load(Ordering::Acquire),
            usize::from(sole),
            "the last handle is the only one"
        );
        // No handle is left to publish an anchor now: this load sees the last one.
        let anchor = shared.anchor.load(Ordering::Acquire);
        if !anchor.is_null() {
            // SAFETY: we hold the owner's shard lock.
            unsafe { Anchor::detach(anchor) };
        }
        // SAFETY: we hold the lock, and the slot holds this owner.
        let retired: Retired<Shared<T>> =
            unsafe { shard.clear(&mut locked, shared.slot_place() / SHARDS, writer) };
        under_lock(&mut locked);
        drop(locked);
        // Freed after the lock is released, like everything else that may take time.
        drop(retired);
        if !anchor.is_null() {
            // SAFETY: the owner's count on its anchor, given up now, with no lock held.
            unsafe { Anchor::release(anchor) };
        }
        true
    }
}

impl<T: Validated + Send + Sync + 'static> Registry<T> {
    /// Validates `value` and, if every field is in range, registers it and returns its first
    /// handle. Dropping the last handle removes it from this registry and frees it.
    ///
    /// The owner remembers the source location of the call (of the nearest caller not marked
    /// `#[track_caller]`), which [`census`](Registry::census) groups owners by.
    #[track_caller]
    pub fn track(&'static self, value: T) -> Result<Tracked<T>, Invalid> {
        value.validate()?;
        if let Some(keys) = T::__key() {
            return (keys.track)(self, value, Location::caller());
        }
        Ok(self.register(value, Location::caller()))
    }

    /// Registers a validated `value` created at `site`.
    #[inline]
    fn register(&'static self, value: T, site: &'static Location<'static>) -> Tracked<T> {
        let owner = Box::into_raw(Box::new(Shared::new(self, site, value)));
        self.enlist();
        let index = lease::claim_shard();
        // SAFETY: `owner` is fresh and unshared; `claim_shard` gave us shard `index` to write
        // (or the shared one, which `claim` locks).
        unsafe { self.shards[index].claim(owner, index, SHARDS) };
        // SAFETY: `owner` is registered and carries the one handle count we hand out here.
        unsafe { Tracked::from_registered(owner) }
    }

    /// A snapshot of the owners alive now, in no particular order.
    ///
    /// Each is a new handle, so the owners stay alive at least as long as the snapshot. Owners
    /// tracked or dropped while the snapshot is taken may or may not be in it. Weak handles
    /// are not owners: an owner is in it only while a [`Tracked`] handle of it exists.
    pub fn live(&self) -> Vec<Tracked<T>> {
        let mut live = Vec::with_capacity(self.len());
        for shard in &self.shards {
            'pass: loop {
                let locked = lock(&shard.lock);
                let start = live.len();
                for owner in shard.owners(&locked) {
                    if live.len() == live.capacity() {
                        // Room is made with the lock released, so that nothing allocates
                        // while it is held; the handles of this pass are dropped after too.
                        drop(locked);
                        live.truncate(start);
                        live.reserve(shard.len() + 16);
                        continue 'pass;
                    }
                    // SAFETY: a published owner is freed only after its slot is cleared,
                    // which takes the lock we hold.
                    if let Some(handle) = unsafe { Tracked::from_slot(owner) } {
                        live.push(handle);
                    }
                }
                break;
            }
        }
        live
    }

    /// The live owners that break a rule now, each with what [`Validated::validate`] reports:
    /// after a limit changed at run time, which live values break it, and where they were
    /// created ([`Tracked::site`]).
    ///
    /// It takes a [`live`](Registry::live) snapshot, then validates each owner under a
    /// [`read`](Tracked::read) guard with no registry lock held (so `validate` may use the
    /// registry). Like `read`, it waits for a writer, and a thread that holds a write guard on
    /// one of the owners must not call it.
    ///
    /// ```
    /// use within_runtime::{Registry, Tracked, Validated};
    ///
    /// #[derive(Validated)]
    /// struct Pool {
    ///     #[within(1, 100)]
    ///     conns: u32,
    /// }
    ///
    /// static POOLS: Registry<Pool> = Registry::new();
    ///
    /// let good = POOLS.track(Pool::try_new(10)?)?;
    /// let bad = POOLS.track(Pool::try_new(20)?)?;
    /// bad.write().conns = 500; // inside the defining module, a field can be written directly
    /// let found = POOLS.violators();
    /// assert_eq!(found.len(), 1);
    /// assert!(Tracked::ptr_eq(&found[0].0, &bad));
    /// assert_eq!(found[0].1.errors()[0].field(), "conns");
    /// # drop((good, bad, found));
    /// # Ok::<(), within_runtime::Invalid>(())
    /// ```
    pub fn violators(&self) -> Vec<(Tracked<T>, Invalid)> {
        self.live()
            .into_iter()
            .filter_map(|handle| {
                let checked = handle.read().validate();
                checked.err().map(|invalid| (handle, invalid))
            })
            .collect()
    }
}

impl<T: 'static> Enlisted for Registry<T> {
    fn type_name(&self) -> &'static str {
        core::any::type_name::<T>()
    }

    fn census_into(&self, runs: &mut Vec<(&'static Location<'static>, usize)>) {
        Registry::census_into(self, runs);
    }

    fn next(&self) -> &census::Link {
        &self.next
    }

    unsafe fn release_lease(&self, index: usize) {
        // SAFETY: the caller holds the lease: it is the shard's writer.
        unsafe { self.shards[index].release() };
    }
}

impl<T: 'static> Default for Registry<T> {
    fn default() -> Self {
        Registry::new()
    }
}

impl<T: 'static> fmt::Debug for Registry<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Registry")
            .field("len", &self.len())
            .finish()
    }
}
