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
//! its handle count, its slot number, its creation site and a pointer back to its registry.
//! When the last [`Tracked`] handle drops, that handle takes the registry's lock, clears the
//! owner's slot and puts the slot on a free list, releases the lock, and only then drops the
//! value and frees the allocation. So the registry never points at freed memory, and the
//! memory is returned at once.
//!
//! [`Registry::live`] upgrades slots to handles under the same lock and skips owners whose
//! count already reached zero: a count never comes back from zero.
//!
//! # What runs under the lock
//!
//! Only this module's own bookkeeping: reading and writing slots and counters. No code of
//! yours runs while a shard lock is held (values are dropped after it is released, `live()`
//! only increments counters under it), and nothing allocates or frees memory under it: a
//! table that must grow is allocated with the lock released and swapped in afterwards, and a
//! table or buffer that is no longer needed is freed after the lock is released. So a `Drop`
//! impl, a panic hook or even a global allocator may call into the registry without
//! deadlocking, and a panic never happens under the lock.
//!
//! A thread can still *wait* for a shard lock that another thread holds, for as long as that
//! thread takes to run the bookkeeping above (a few instructions for `track` and a last drop,
//! one pass over the shard for `live()` and `census()`).
//!
//! Slots are reused before new ones are made, so the registry's own storage (one pointer per
//! slot) is bounded by the peak number of owners alive at once, and is returned altogether
//! when the registry empties after holding many. (With the shards below, the bound holds per
//! shard: threads that reach their peaks one after another, each in its own shard, can make
//! the registry keep up to one peak's table per shard until the shard empties.)
//!
//! # Guarantees, exactly
//!
//! 1. The registry holds no counted reference: it never keeps an owner alive.
//! 2. When the last [`Tracked`] handle of an owner drops, the owner leaves its registry and
//!    its whole allocation is freed before that drop returns (after the value's own `Drop`,
//!    which runs with no registry lock held; if it panics, the allocation is still freed).
//! 3. The registry's own memory is one pointer per slot; per shard, the slots are at most
//!    twice the most owners that shard held at once (or 4), and a shard that empties after
//!    holding more than 1,024 frees its table.
//! 4. Concurrent `track`, drops, `live`, `stats` and `census` from any number of threads lose
//!    no owner and count each once. [`Registry::len`] and [`Registry::stats`] are exact once
//!    the tracks and drops they should count happened before the call; while others are in
//!    flight, each shard is read at its own moment.
//! 5. No deadlock: no code of yours, and no allocation or free, runs while a shard lock is
//!    held, so `Drop` impls, panic hooks and global allocators may call any registry method.
//!    A call may wait while another thread holds a shard lock for its bookkeeping.
//! 6. A panic in your code (a `Drop`, a setter, a hook) never happens under a shard lock, so
//!    the registry stays usable and consistent.
//!
//! # Sharding
//!
//! The slots are split into a few shards, each with its own [`std::sync::Mutex`] and on its own
//! cache lines. A thread registers its owners in the shard it was assigned on first use (round
//! robin), so threads that track owners at the same time rarely wait for each other; an owner
//! leaves the shard it was registered in, whichever thread drops it. `len` adds up the shards'
//! counts, and `live`, `stats` and `census` visit the shards one after another.

use crate::census::{self, Census, Enlisted};
use crate::sync::{lock, AtomicUsize, Mutex, MutexGuard};
use crate::tracked::Shared;
use crate::{Invalid, Tracked, Validated};
use core::any::{Any, TypeId};
use core::hash::{Hash, Hasher};
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
    shards: [Shard<T>; SHARDS],
    /// Run by the first `track`, which adds this registry to the ones [`crate::census()`]
    /// visits. A `Once`, not a flag: a second thread's `track` must not return before the
    /// registry is in the list, or that thread's `census()` could miss its own owner. Not
    /// part of the protocol that loom checks, so always std's.
    enlisted: Once,
    /// The next registry in that list.
    next: census::Link,
}

/// Enough for the threads of a typical machine to rarely share one; each costs 128 bytes.
const SHARDS: usize = 8;

/// One lock and its slot table, alone on its cache lines (128 bytes: the unit in which
/// x86 prefetches), so that threads on different shards do not contend for memory either.
#[repr(align(128))]
struct Shard<T: 'static> {
    slots: Mutex<Slots<T>>,
    /// How many owners are in the shard. Written only under the lock, with a plain store (not
    /// a read-modify-write); read without it by `Registry::len`.
    len: AtomicUsize,
}

// SAFETY: the registry holds raw pointers to `Shared<T>` owners, and is shared between threads
// whatever `T` is. That is sound because of one invariant, which every method must keep:
//
//     a method that puts a `T` into the registry or hands one out (`track`, `live`, anything
//     that yields a `Tracked<T>`, a `&T` or a `T`) requires `T: Send + Sync`.
//
// So a registry of a type without them never holds an owner, and sharing an empty table of
// pointers is harmless; the other methods (`len`, `stats`, `census`, and `remove`, reached only
// from a `Tracked<T>`, which exists only for such a `T`) read counters and creation sites,
// never a `T`. A future method that returns owners or values without those bounds (a `drain`,
// an iterator over `&T`) would break this impl.
unsafe impl<T: 'static> Send for Registry<T> {}
// SAFETY: as above.
unsafe impl<T: 'static> Sync for Registry<T> {}

/// The slot table. A slot holds either a pointer to a live owner or, when vacant, the index of
/// the next vacant slot, tagged with the low bit (owners are at least 2-aligned, so a real
/// pointer never has it set).
struct Slots<T: 'static> {
    entries: Vec<*mut Shared<T>>,
    /// First vacant slot, or `NO_SLOT`.
    vacant: usize,
    /// The most owners the shard has held at once.
    peak: usize,
    /// Owners ever registered in the shard.
    tracked: u64,
}

const NO_SLOT: usize = usize::MAX >> 1;

/// A shard that emptied keeps at most this many slots' storage for reuse; a larger table is
/// freed, so one burst of owners does not pin its peak memory for the rest of the program.
const KEEP_WHEN_EMPTY: usize = 1024;

/// The first table a shard allocates has this many slots (what `Vec` picks for pointers), and
/// each later one twice as many as the last.
const FIRST_TABLE: usize = 4;

impl<T: 'static> Slots<T> {
    /// A table with no slots, which allocates nothing.
    const EMPTY: Self = Slots {
        entries: Vec::new(),
        vacant: NO_SLOT,
        peak: 0,
        tracked: 0,
    };

    fn vacant_marker(next: usize) -> *mut Shared<T> {
        ptr::without_provenance_mut((next << 1) | 1)
    }

    fn is_vacant(entry: *mut Shared<T>) -> bool {
        entry.addr() & 1 == 1
    }

    /// Whether `insert` would need a bigger table.
    fn is_full(&self) -> bool {
        self.vacant == NO_SLOT && self.entries.len() == self.entries.capacity()
    }

    /// Claims a slot for `owner` and returns its index. Never allocates: the caller made sure
    /// the table is not full.
    fn insert(&mut self, owner: *mut Shared<T>) -> usize {
        if self.vacant == NO_SLOT {
            debug_assert!(self.entries.len() < self.entries.capacity());
            self.entries.push(owner);
            self.entries.len() - 1
        } else {
            let index = self.vacant;
            self.vacant = self.entries[index].addr() >> 1;
            self.entries[index] = owner;
            index
        }
    }

    fn remove(&mut self, index: usize) {
        self.entries[index] = Self::vacant_marker(self.vacant);
        self.vacant = index;
    }

    fn occupied(&self) -> impl Iterator<Item = *mut Shared<T>> + '_ {
        self.entries
            .iter()
            .copied()
            .filter(|&entry| !Self::is_vacant(entry))
    }
}

impl<T: 'static> Shard<T> {
    // The same body twice: loom's `Mutex::new` and `AtomicUsize::new` are not `const`.
    #[cfg(not(loom))]
    const fn new() -> Self {
        Shard {
            slots: Mutex::new(Slots::EMPTY),
            len: AtomicUsize::new(0),
        }
    }

    #[cfg(loom)]
    fn new() -> Self {
        Shard {
            slots: Mutex::new(Slots::EMPTY),
            len: AtomicUsize::new(0),
        }
    }

    /// Puts `owner` in a slot of this shard, number `home`, and returns it as a raw pointer
    /// that carries the owner's first handle count.
    fn insert(&self, owner: Box<Shared<T>>, home: usize) -> *mut Shared<T> {
        let mut slots = lock(&self.slots);
        // The table a bigger one replaced, freed once the lock is released.
        let mut old = Vec::new();
        if slots.is_full() {
            drop(slots);
            (slots, old) = self.grow();
        }
        let owner = Box::into_raw(owner);
        let slot = slots.insert(owner);
        // SAFETY: `owner` was just allocated and is not yet shared with any thread: the only
        // other code that can see it, `live` and `census`, needs the lock we hold.
        unsafe { Shared::set_slot(owner, place(home, slot)) };
        let len = self.len.load(Ordering::Relaxed) + 1;
        self.len.store(len, Ordering::Relaxed);
        slots.peak = slots.peak.max(len);
        slots.tracked += 1;
        drop(slots);
        drop(old);
        owner
    }

    /// Makes room in a full table: allocates a bigger one with the lock released, then takes
    /// the lock and swaps it in (unless another thread made room meanwhile). Returns the lock,
    /// with room for one more owner, and what the caller must free after releasing it: the old
    /// table, or the spare that turned out not to be needed.
    ///
    /// If the allocation panics (capacity overflow), the caller's owner is still a `Box` and
    /// is freed while unwinding: nothing leaks.
    #[cold]
    #[inline(never)]
    fn grow(&self) -> (MutexGuard<'_, Slots<T>>, Vec<*mut Shared<T>>) {
        let mut spare: Vec<*mut Shared<T>> = Vec::new();
        loop {
            let mut slots = lock(&self.slots);
            if !slots.is_full() {
                return (slots, spare);
            }
            if spare.capacity() > slots.entries.len() {
                // Within the spare's capacity: copies, never allocates.
                spare.extend_from_slice(&slots.entries);
                core::mem::swap(&mut slots.entries, &mut spare);
                return (slots, spare);
            }
            let needed = (2 * slots.entries.capacity()).max(FIRST_TABLE);
            drop(slots);
            // Free a spare that became too small and make a bigger one, without the lock.
            drop(core::mem::take(&mut spare));
            spare = Vec::with_capacity(needed);
        }
    }
}

/// Where an owner is registered: its shard and its slot in it, in one word.
fn place(shard: usize, slot: usize) -> usize {
    slot * SHARDS + shard
}

/// The shard a thread registers its owners in: assigned round robin on first use.
#[cfg(not(loom))]
fn home_shard() -> usize {
    static NEXT: core::sync::atomic::AtomicUsize = core::sync::atomic::AtomicUsize::new(0);
    std::thread_local! {
        static HOME: usize = NEXT.fetch_add(1, Ordering::Relaxed) % SHARDS;
    }
    // A thread whose thread-locals are being destroyed uses shard 0.
    HOME.try_with(|home| *home).unwrap_or(0)
}

/// Under loom every thread uses shard 0, so the models make the threads meet on one lock.
#[cfg(loom)]
fn home_shard() -> usize {
    0
}

/// Counts of a registry's owners, from [`Registry::stats`].
///
/// `live` and `tracked` are exact when every `track` and last drop of the registry
/// happened before the call (on this thread, or on threads joined since); while other threads
/// track or drop, each shard is counted at a slightly different moment.
///
/// `peak` is the most owners alive at once. Each shard keeps its own peak, under the lock it
/// already takes, because a registry-wide peak would need a shared counter on every `track`
/// and drop. So `peak` is exact when every owner was tracked from one thread (it then lives
/// in one shard, whichever thread drops it); otherwise it is the sum of the shards' peaks,
/// which is at least the true peak and at most that sum.
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
        self.shards
            .iter()
            .map(|shard| shard.len.load(Ordering::Relaxed))
            .sum()
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
            let slots = lock(&shard.slots);
            stats.live += shard.len.load(Ordering::Relaxed);
            stats.peak += slots.peak;
            stats.tracked += slots.tracked;
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
            runs.reserve(room(shard.len.load(Ordering::Relaxed)));
            let mut slots = lock(&shard.slots);
            loop {
                let len = shard.len.load(Ordering::Relaxed);
                if runs.capacity() - runs.len() >= len {
                    break;
                }
                drop(slots);
                runs.reserve(room(len));
                slots = lock(&shard.slots);
            }
            for owner in slots.occupied() {
                // SAFETY: an occupied slot points at an allocation that is freed only after
                // its slot is cleared, which takes the lock we hold; `site` never changes.
                let site = unsafe { Shared::site(owner) };
                match runs.last_mut() {
                    Some((last, count)) if ptr::eq(*last, site) => *count += 1,
                    // Within the capacity checked above: never allocates.
                    _ => runs.push((site, 1)),
                }
            }
        }
    }

    /// Adds this registry to the ones [`crate::census()`] visits, the first time it tracks.
    #[inline]
    fn enlist(&'static self) {
        // Once done, one acquire load: a plain load on x86.
        self.enlisted.call_once(|| census::enlist(self));
    }

    /// Clears the slot of an owner whose last handle is being dropped; `place` is what
    /// `track` gave it.
    pub(crate) fn remove(&self, place: usize) {
        let shard = &self.shards[place % SHARDS];
        let mut slots = lock(&shard.slots);
        let released = Self::clear(shard, &mut slots, place);
        drop(slots);
        // Freed after the lock is released, like everything else that may take time.
        drop(released);
    }

    /// Clears the slot of an owner whose dropping handle saw a count of one, if the count is
    /// still one under the shard lock: then that handle is the last, since only `live()`
    /// makes handles without one, and it needs this lock. Returns whether it cleared the slot.
    pub(crate) fn remove_sole(&self, place: usize, handles: &AtomicUsize) -> bool {
        let shard = &self.shards[place % SHARDS];
        let mut slots = lock(&shard.slots);
        // `Acquire`: a `live()` handle made and dropped since the caller's load released its
        // uses of the value with its decrement.
        if handles.load(Ordering::Acquire) != 1 {
            return false;
        }
        let released = Self::clear(shard, &mut slots, place);
        drop(slots);
        drop(released);
        true
    }

    /// Clears slot `place` of `shard`, whose lock the caller holds, and returns the table to
    /// free (after the lock is released) if the shard emptied after holding many.
    fn clear(shard: &Shard<T>, slots: &mut Slots<T>, place: usize) -> Vec<*mut Shared<T>> {
        slots.remove(place / SHARDS);
        let len = shard.len.load(Ordering::Relaxed) - 1;
        shard.len.store(len, Ordering::Relaxed);
        if len == 0 && slots.entries.capacity() > KEEP_WHEN_EMPTY {
            slots.vacant = NO_SLOT;
            core::mem::take(&mut slots.entries)
        } else {
            Vec::new()
        }
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
        let owner = Box::new(Shared::new(self, Location::caller(), value));
        self.enlist();
        let home = home_shard();
        let owner = self.shards[home].insert(owner, home);
        // SAFETY: `owner` is registered and carries the one handle count we hand out here.
        Ok(unsafe { Tracked::from_registered(owner) })
    }

    /// A snapshot of the owners alive now, in no particular order.
    ///
    /// Each is a new handle, so the owners stay alive at least as long as the snapshot. Owners
    /// tracked or dropped while the snapshot is taken may or may not be in it.
    pub fn live(&self) -> Vec<Tracked<T>> {
        let mut live = Vec::with_capacity(self.len());
        for shard in &self.shards {
            let mut slots = lock(&shard.slots);
            // Room for every owner of the shard (its count is exact under the lock), made with
            // the lock released, so that nothing allocates while it is held.
            while live.capacity() - live.len() < shard.len.load(Ordering::Relaxed) {
                let needed = shard.len.load(Ordering::Relaxed);
                drop(slots);
                live.reserve(needed);
                slots = lock(&shard.slots);
            }
            for owner in slots.occupied() {
                // SAFETY: an occupied slot points at an allocation that is freed only after
                // its slot is cleared, which takes the lock we hold.
                if let Some(handle) = unsafe { Tracked::upgrade(owner) } {
                    live.push(handle);
                }
            }
        }
        live
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

/// The default registry of a type that has no `static` of its own: generic types (a `static`
/// inside a generic function would be shared by every instantiation) and hand-written impls.
///
/// A table keyed by `TypeId` that only ever grows, read without any lock: a hash picks one of
/// a fixed number of buckets, each a chain of entries linked through `OnceLock`s. Finding a
/// registry is a few atomic loads, so threads tracking owners of generic types never wait for
/// each other here. The first use of a type appends its entry at the end of its bucket's
/// chain: `OnceLock::set` makes threads that append to the same chain at the same moment wait
/// for each other, for as long as it takes to store a pointer.
pub(crate) fn registry_of<T: 'static>() -> &'static Registry<T> {
    const BUCKETS: usize = 64;
    static TABLE: [Link; BUCKETS] = [const { OnceLock::new() }; BUCKETS];

    let id = TypeId::of::<T>();
    let mut hasher = TypeIdHasher(0);
    id.hash(&mut hasher);
    let mut link: &'static Link = &TABLE[hasher.0 as usize % BUCKETS];
    // The entry this call made, while it is not linked in.
    let mut fresh: Option<Box<Entry>> = None;
    loop {
        let entry = match link.get() {
            Some(entry) => entry,
            None => {
                let new = fresh.take().unwrap_or_else(|| {
                    Box::new(Entry {
                        id,
                        registry: Box::new(Registry::<T>::new()),
                        next: OnceLock::new(),
                    })
                });
                match link.set(new) {
                    Ok(()) => continue,
                    // Another thread appended first: look at its entry, then go on.
                    Err(new) => {
                        fresh = Some(new);
                        continue;
                    }
                }
            }
        };
        if entry.id == id {
            // If another thread linked this type's entry first, ours (`fresh`), never used, is
            // dropped on return.
            return match entry.registry.downcast_ref() {
                Some(registry) => registry,
                None => unreachable!("each entry maps a TypeId to a registry of that type"),
            };
        }
        link = &entry.next;
    }
}

/// One link of a `registry_of` chain: empty at the end of the chain.
type Link = OnceLock<Box<Entry>>;

/// A type and its default registry, owned by the table for the life of the program.
struct Entry {
    id: TypeId,
    registry: Box<dyn Any + Send + Sync>,
    next: Link,
}

/// Hashes a `TypeId`, which is already a hash of the type: keeps the bits it writes.
struct TypeIdHasher(u64);

impl Hasher for TypeIdHasher {
    fn write(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(byte);
        }
    }

    fn write_u64(&mut self, word: u64) {
        self.0 ^= word;
    }

    fn finish(&self) -> u64 {
        self.0
    }
}
