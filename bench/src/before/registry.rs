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
//! its handle count, its slot number and a pointer back to its registry. When the last
//! [`Tracked`] handle drops, that handle takes the registry's lock, clears the owner's slot and
//! puts the slot on a free list, releases the lock, and only then drops the value and frees the
//! allocation. So the registry never points at freed memory, and the memory is returned at once.
//!
//! [`Registry::live`] upgrades slots to handles under the same lock and skips owners whose
//! count already reached zero: a count never comes back from zero.
//!
//! No code of yours runs while the lock is held: values are dropped after it is released,
//! and `live()` only increments counters under it. A panic in your code therefore never
//! happens under the lock, and no thread ever waits for a lock it holds itself.
//!
//! Slots are reused before new ones are made, so the registry's own storage (one pointer per
//! slot) is bounded by the peak number of owners alive at once, and is returned altogether
//! when the registry empties after holding many. (With the shards below, the bound holds per
//! shard: threads that reach their peaks one after another, each in its own shard, can make
//! the registry keep up to one peak's table per shard until the shard empties.)
//!
//! # Sharding
//!
//! The slots are split into a few shards, each with its own lock and on its own cache line.
//! The lock is a small one of this crate's (see `lock.rs`): it releases with a plain store,
//! as none of its waits are long enough to need a futex.
//! A thread registers its owners in the shard it was assigned on first use (round robin), so
//! threads that track owners at the same time rarely wait for each other; an owner leaves the
//! shard it was registered in, whichever thread drops it. `len` adds up the shards' counts and
//! `live` visits them one after another.

use super::lock::{ShardGuard, ShardLock};
use super::tracked::Shared;
use super::Tracked;
use within_runtime::{Invalid, Validated};
use std::any::{Any, TypeId};
use std::boxed::Box;
use std::collections::BTreeMap;
use std::fmt;
use std::ptr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{PoisonError, RwLock};
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
}

/// Enough for the threads of a typical machine to rarely share one; each costs 128 bytes.
const SHARDS: usize = 8;

/// One lock and its slot table, alone on its cache lines (128 bytes: the unit in which
/// x86 prefetches), so that threads on different shards do not contend for memory either.
#[repr(align(128))]
struct Shard<T: 'static> {
    slots: ShardLock<Slots<T>>,
    /// Written only under the lock; read without it by `Registry::len`.
    len: AtomicUsize,
}

// SAFETY: the registry holds raw pointers to `Shared<T>`, which only `track` inserts, and
// `track` requires `T: Send + Sync`; so does `live`, the only method that turns them into
// handles. A registry of a type without them is always empty, and sharing an empty table of
// pointers between threads is harmless.
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
}

const NO_SLOT: usize = usize::MAX >> 1;

/// A shard that emptied keeps at most this many slots' storage for reuse; a larger table is
/// freed, so one burst of owners does not pin its peak memory for the rest of the program.
const KEEP_WHEN_EMPTY: usize = 1024;

impl<T: 'static> Slots<T> {
    fn vacant_marker(next: usize) -> *mut Shared<T> {
        ptr::without_provenance_mut((next << 1) | 1)
    }

    fn is_vacant(entry: *mut Shared<T>) -> bool {
        entry.addr() & 1 == 1
    }

    /// Claims a slot for `owner` and returns its index.
    fn insert(&mut self, owner: *mut Shared<T>) -> usize {
        if self.vacant == NO_SLOT {
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
    const fn new() -> Self {
        Shard {
            slots: ShardLock::new(Slots {
                entries: Vec::new(),
                vacant: NO_SLOT,
            }),
            len: AtomicUsize::new(0),
        }
    }

    /// No code outside this module runs while the lock is held. If growing the table panics
    /// (capacity overflow), it does so before the table changes, and the guard still unlocks.
    fn lock(&self) -> ShardGuard<'_, Slots<T>> {
        self.slots.lock()
    }

    /// Sets the count, under the lock: a plain store, not a read-modify-write.
    fn set_len(&self, len: usize) {
        self.len.store(len, Ordering::Relaxed);
    }
}

/// Where an owner is registered: its shard and its slot in it, in one word.
fn place(shard: usize, slot: usize) -> usize {
    slot * SHARDS + shard
}

/// The shard a thread registers its owners in: assigned round robin on first use.
fn home_shard() -> usize {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    std::thread_local! {
        static HOME: usize = NEXT.fetch_add(1, Ordering::Relaxed) % SHARDS;
    }
    // A thread whose thread-locals are being destroyed uses shard 0.
    HOME.try_with(|home| *home).unwrap_or(0)
}

impl<T: 'static> Registry<T> {
    /// An empty registry; `const`, so it can be a `static`.
    pub const fn new() -> Self {
        Registry {
            shards: [const { Shard::new() }; SHARDS],
        }
    }

    /// How many owners are alive in this registry.
    ///
    /// Exact whenever no other thread is tracking or dropping owners of it at the same moment.
    pub fn len(&self) -> usize {
        self.shards
            .iter()
            .map(|shard| shard.len.load(Ordering::Relaxed))
            .sum()
    }

    /// Whether no owner is alive in this registry.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Clears the slot of an owner whose last handle is being dropped; `place` is what
    /// `track` gave it.
    pub(crate) fn remove(&self, place: usize) {
        let shard = &self.shards[place % SHARDS];
        let released = {
            let mut slots = shard.lock();
            slots.remove(place / SHARDS);
            let len = shard.len.load(Ordering::Relaxed) - 1;
            shard.set_len(len);
            if len == 0 && slots.entries.capacity() > KEEP_WHEN_EMPTY {
                slots.vacant = NO_SLOT;
                std::mem::take(&mut slots.entries)
            } else {
                Vec::new()
            }
        };
        // Freed after the lock is released, like everything else that may take time.
        drop(released);
    }
}

impl<T: Validated + Send + Sync + 'static> Registry<T> {
    /// Validates `value` and, if every field is in range, registers it and returns its first
    /// handle. Dropping the last handle removes it from this registry and frees it.
    pub fn track(&'static self, value: T) -> Result<Tracked<T>, Invalid> {
        value.validate()?;
        let owner = Shared::allocate(self, value);
        let home = home_shard();
        let shard = &self.shards[home];
        {
            let mut slots = shard.lock();
            let slot = slots.insert(owner);
            // SAFETY: `owner` was just allocated and is not yet shared with any thread: the
            // only other code that can see it, `live`, needs the lock this thread holds.
            unsafe { Shared::set_slot(owner, place(home, slot)) };
            shard.set_len(shard.len.load(Ordering::Relaxed) + 1);
        }
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
            let mut slots = shard.lock();
            // Room for every owner of the shard (its count is exact under the lock), made with
            // the lock released, so that nothing allocates while it is held.
            while live.capacity() - live.len() < shard.len.load(Ordering::Relaxed) {
                let needed = shard.len.load(Ordering::Relaxed);
                drop(slots);
                live.reserve(needed);
                slots = shard.lock();
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
pub fn registry_of<T: 'static>() -> &'static Registry<T> {
    type Table = BTreeMap<TypeId, &'static (dyn Any + Send + Sync)>;
    static TABLE: RwLock<Table> = RwLock::new(BTreeMap::new());

    fn downcast<T: 'static>(entry: &'static (dyn Any + Send + Sync)) -> &'static Registry<T> {
        match entry.downcast_ref() {
            Some(registry) => registry,
            None => unreachable!("the table maps each TypeId to a registry of that type"),
        }
    }

    let id = TypeId::of::<T>();
    // The table holds plain data and is never left half-updated, so poison is ignored.
    if let Some(&entry) = TABLE
        .read()
        .unwrap_or_else(PoisonError::into_inner)
        .get(&id)
    {
        return downcast(entry);
    }
    let mut table = TABLE.write().unwrap_or_else(PoisonError::into_inner);
    let entry = *table
        .entry(id)
        .or_insert_with(|| Box::leak(Box::new(Registry::<T>::new())));
    downcast(entry)
}
