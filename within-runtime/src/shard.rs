//! One shard of a registry: a slot table that one thread claims slots in without a lock, and
//! a `std::sync::Mutex` that every clear, snapshot and count takes.
//!
//! # The protocol
//!
//! - **Writer.** Shard `i < LEASES` has one writer at a time: the thread holding lease `i`
//!   (`lease.rs`). The shared shard (`SHARED`) has none; there whoever holds the lock is the
//!   writer. So it is in every shard of a keyed registry, whose owners are placed by their
//!   key's hash, not by lease (`keys.rs`): no thread claims there without the lock. Only the
//!   writer claims slots, grows the table, and reads or writes the fields marked *writer's*
//!   below.
//! - **Claim** (writer, no lock unless shared): take a slot from the writer's free list, or
//!   the next never-used one; write the owner's place into the owner; publish the owner with a
//!   `Release` store into the slot; count it with plain stores. Every allocation a claim needs
//!   (the owner, a bigger table) is made before the slot is taken, and nothing is allocated
//!   between taking and publishing it, so an allocator that re-enters `track` on the same
//!   thread either finishes its own claim first or starts after this one is published: never
//!   the same slot.
//! - **Clear** (any thread, under the lock): the last handle's drop overwrites the slot with a
//!   vacant marker. The writer puts the slot on its own free list; any other thread puts it on
//!   the shard's *returned* list, under the lock, and raises `returned`; the writer takes the
//!   whole list under the lock when its own runs dry.
//! - **Readers** (`live`, `census`, `stats`, `upgrade`): under the lock, read the table and
//!   `Acquire`-load slots: a published owner is seen fully built, and is not freed while the
//!   lock is held (its clear needs the lock).
//! - **Table.** The writer allocates a bigger table with no lock held, then swaps it in under
//!   the lock (readers and clears use the table only under the lock; the writer reads it
//!   without, but no one else replaces it). A table is freed after the lock is released: by the
//!   writer's clear that empties the shard, when the writer takes back a returned list and
//!   finds the shard empty, or when the writer's thread exits with the shard empty.

use crate::lease::SHARED;
use crate::sync::{lock, planted, AtomicPtr, AtomicUsize, Bug, Mutex, MutexGuard, Racy};
use core::sync::atomic::Ordering;
use std::boxed::Box;
use std::ptr;

/// What a shard needs of the owners it holds pointers to (`Shared`, in `shared.rs`): a way
/// to write an owner's place before it is published. Owners are at least 2-aligned, so that a
/// vacant marker (odd) is never taken for one.
pub(crate) trait Owner: 'static {
    /// Writes `owner`'s place (`slot * shards + shard`).
    ///
    /// # Safety
    ///
    /// `owner` is a live allocation no other thread can see yet.
    unsafe fn set_place(owner: *mut Self, place: usize);
}

/// No slot: the end of a free list.
pub(crate) const NO_SLOT: usize = usize::MAX >> 1;

/// A shard that emptied keeps at most this many slots for reuse; a larger table is freed, so
/// one burst of owners does not pin its peak memory for the rest of the program. None under
/// loom, so that the models free tables too.
#[cfg(not(loom))]
const KEEP_WHEN_EMPTY: usize = 1024;
#[cfg(loom)]
const KEEP_WHEN_EMPTY: usize = 0;

/// The first table a shard allocates has this many slots, and each later one twice as many as
/// the last. One under loom, so that a model with three owners already grows twice.
#[cfg(not(loom))]
const FIRST_TABLE: usize = 4;
#[cfg(loom)]
const FIRST_TABLE: usize = 1;

/// A slot table: `cap` slots, each null (never used), a pointer to a published owner, or a
/// vacant marker (odd: owners are at least 2-aligned) holding the next slot of a free list.
pub(crate) struct Table<T: 'static> {
    ptr: *mut AtomicPtr<T>,
    cap: usize,
}

impl<T: 'static> Clone for Table<T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<T: 'static> Copy for Table<T> {}

impl<T: 'static> Table<T> {
    const EMPTY: Self = Table {
        ptr: ptr::NonNull::dangling().as_ptr(),
        cap: 0,
    };

    /// A table of `cap` never-used slots. Allocates: never call it under a lock.
    pub(crate) fn alloc(cap: usize) -> Self {
        #[cfg(all(loom, test))]
        if cap > 0 {
            tables::made();
        }
        let slots: Box<[AtomicPtr<T>]> =
            (0..cap).map(|_| AtomicPtr::new(ptr::null_mut())).collect();
        Table {
            ptr: Box::into_raw(slots).cast(),
            cap,
        }
    }

    /// The slots.
    ///
    /// # Safety
    ///
    /// The table is not freed while the slice is used.
    unsafe fn slots<'a>(self) -> &'a [AtomicPtr<T>] {
        // SAFETY: `ptr` and `cap` come from a boxed slice (or are dangling and 0), which the
        // caller keeps alive.
        unsafe { core::slice::from_raw_parts(self.ptr, self.cap) }
    }
}

/// The slot tables a loom model's threads have allocated and not freed: a model that ends with
/// every owner gone checks that none is left (loom runs a model's threads as coroutines on the
/// thread that called it, so a thread-local counts one model's tables).
#[cfg(all(loom, test))]
pub(crate) mod tables {
    use core::cell::Cell;

    std::thread_local! {
        static LIVE: Cell<isize> = const { Cell::new(0) };
    }

    pub(crate) fn made() {
        LIVE.with(|live| live.set(live.get() + 1));
    }

    pub(crate) fn freed() {
        LIVE.with(|live| live.set(live.get() - 1));
    }

    /// Tables allocated and not freed on this thread so far.
    pub(crate) fn live() -> isize {
        LIVE.with(Cell::get)
    }
}

/// A table no shard refers to any more; freed when dropped, which callers do after releasing
/// the lock.
pub(crate) struct Retired<T: 'static>(Table<T>);

impl<T: 'static> Retired<T> {
    /// A table allocated for a shard but not installed (another thread made room meanwhile),
    /// to free after the lock is released like any other.
    pub(crate) fn unused(table: Table<T>) -> Self {
        Retired(table)
    }

    pub(crate) const NONE: Self = Retired(Table::EMPTY);
}

impl<T: 'static> Drop for Retired<T> {
    #[inline]
    fn drop(&mut self) {
        if self.0.cap > 0 {
            free_table(self.0);
        }
    }
}

/// Frees a retired table; out of line, since most clears retire none.
#[cold]
#[inline(never)]
fn free_table<T: 'static>(table: Table<T>) {
    #[cfg(all(loom, test))]
    tables::freed();
    let slice = ptr::slice_from_raw_parts_mut(table.ptr, table.cap);
    // SAFETY: the table came from `Table::alloc`'s boxed slice and no shard refers to it any
    // more (the caller, `Retired`'s drop, owns it): it was swapped out under the lock, after
    // which no reader finds it.
    drop(unsafe { Box::from_raw(slice) });
}

fn vacant<T>(next: usize) -> *mut T {
    ptr::without_provenance_mut((next << 1) | 1)
}

fn is_owner<T>(entry: *mut T) -> bool {
    !entry.is_null() && entry.addr() & 1 == 0
}

fn next_of<T>(entry: *mut T) -> usize {
    entry.addr() >> 1
}

/// What the lock guards besides the slots' clears: the returned list.
pub(crate) struct Locked {
    /// First slot of the list of slots other threads cleared, or `NO_SLOT`.
    returned: usize,
}

/// One lock, its slot table and its counts, alone on its cache lines (128 bytes: the unit in
/// which x86 prefetches), so that threads on different shards do not contend for memory.
/// `T` is the type of the owners it holds (a registry's shards hold `Shared` owners).
#[repr(align(128))]
pub(crate) struct Shard<T: 'static> {
    pub(crate) lock: Mutex<Locked>,
    /// The table. Replaced only by the writer, under the lock; read by the writer without it
    /// and by everyone else under it.
    table: Racy<Table<T>>,
    /// Writer's: slots ever used (the next never-used slot).
    used: Racy<usize>,
    /// Writer's: first slot of its free list, or `NO_SLOT`.
    free: Racy<usize>,
    /// Whether `Locked::returned` holds slots; set under the lock, read by the writer without
    /// it to decide whether to take the lock.
    returned: AtomicUsize,
    /// Owners ever registered in the shard. Written by the writer only (plain stores).
    claimed: AtomicUsize,
    /// Owners that left the shard. Written under the lock only (plain stores).
    cleared: AtomicUsize,
    /// The most owners the shard held at once, as the writer saw it. Written by the writer.
    peak: AtomicUsize,
}

/// An empty shard: the body of `Shard::new`, which is a `const fn` except under loom, whose
/// primitives are not `const`.
macro_rules! empty_shard {
    () => {
        Shard {
            lock: Mutex::new(Locked { returned: NO_SLOT }),
            table: Racy::new(Table::EMPTY),
            used: Racy::new(0),
            free: Racy::new(NO_SLOT),
            returned: AtomicUsize::new(0),
            claimed: AtomicUsize::new(0),
            cleared: AtomicUsize::new(0),
            peak: AtomicUsize::new(0),
        }
    };
}

impl<T: Owner> Shard<T> {
    #[cfg(not(loom))]
    pub(crate) const fn new() -> Self {
        empty_shard!()
    }

    #[cfg(loom)]
    pub(crate) fn new() -> Self {
        empty_shard!()
    }

    /// Owners in the shard now: exact under the conditions `Registry::len` states, otherwise
    /// clamped at zero.
    pub(crate) fn len(&self) -> usize {
        let cleared = self.cleared.load(Ordering::Relaxed);
        let claimed = self.claimed.load(Ordering::Relaxed);
        claimed.saturating_sub(cleared)
    }

    /// `(live, peak, tracked)`; the caller holds the lock.
    pub(crate) fn counts(&self, _locked: &MutexGuard<'_, Locked>) -> (usize, usize, usize) {
        let claimed = self.claimed.load(Ordering::Relaxed);
        let cleared = self.cleared.load(Ordering::Relaxed);
        (
            claimed.saturating_sub(cleared),
            self.peak.load(Ordering::Relaxed),
            claimed,
        )
    }

    /// The published owners, for a reader holding the lock.
    pub(crate) fn owners<'a>(
        &'a self,
        _locked: &MutexGuard<'_, Locked>,
    ) -> impl Iterator<Item = *mut T> + 'a {
        // SAFETY: under the lock, the table is neither replaced nor freed.
        let slots = unsafe { self.table.get().slots() };
        slots
            .iter()
            .map(|slot| slot.load(Ordering::Acquire))
            .filter(|&entry| is_owner(entry))
    }

    /// Registers `owner` (not yet shared with any thread) in this shard, number `index`, and
    /// returns its place (`slot * shards + index`). The caller is this shard's writer (holds
    /// lease `index`), or `index` is `SHARED`.
    ///
    /// # Safety
    ///
    /// As above; `owner` is a live allocation no other thread can see.
    #[inline]
    pub(crate) unsafe fn claim(&self, owner: *mut T, index: usize, shards: usize) {
        // The usual case, inline: a leased shard whose writer's list has a slot. It allocates
        // nothing and takes no lock, so it is `publish` with the room already there.
        // SAFETY: we are the writer of a leased shard: the list is ours.
        if index != SHARED && unsafe { self.free.get() } != NO_SLOT {
            // SAFETY: we are the writer, and the list has a slot.
            unsafe { self.publish(owner, index, shards) };
            return;
        }
        // SAFETY: forwarded.
        unsafe { self.claim_slow(owner, index, shards) };
    }

    /// `claim` when the writer's list is empty, or on the shared shard: out of line, so that
    /// the inline fast path stays small.
    ///
    /// # Safety
    ///
    /// As for `claim`.
    #[cold]
    #[inline(never)]
    unsafe fn claim_slow(&self, owner: *mut T, index: usize, shards: usize) {
        if index == SHARED {
            // SAFETY: forwarded.
            unsafe { self.claim_shared(owner, index, shards) };
            return;
        }
        // Room first: everything that allocates or takes the lock happens before a slot is
        // taken.
        // SAFETY: we are the writer.
        unsafe { self.make_room() };
        // SAFETY: we are the writer, and made room above with nothing allocated since.
        unsafe { self.publish(owner, index, shards) };
    }

    /// Makes sure the writer's list or the table has a free slot: takes back the returned
    /// list, or grows the table. May allocate and lock.
    ///
    /// # Safety
    ///
    /// The caller is the writer of a leased shard.
    unsafe fn make_room(&self) {
        loop {
            // SAFETY: we are the writer.
            let (free, used, table) =
                unsafe { (self.free.get(), self.used.get(), self.table.get()) };
            if free != NO_SLOT || used < table.cap {
                return;
            }
            if self.returned.load(Ordering::Relaxed) != 0 {
                let mut locked = lock(&self.lock);
                // SAFETY: we are the writer, and hold the lock.
                let retired = unsafe { self.take_returned(&mut locked) };
                drop(locked);
                drop(retired);
                continue;
            }
            let spare = Table::alloc((2 * table.cap).max(FIRST_TABLE));
            let locked = lock(&self.lock);
            // SAFETY: we are the writer, and hold the lock.
            let retired = unsafe { self.install(spare) };
            drop(locked);
            drop(retired);
        }
    }

    /// For a shard whose lock holder is its writer (the shared one, or any shard of a keyed
    /// registry): `None` if a claim under `locked` has a slot, else the size of the bigger
    /// table to allocate with the lock released and swap in with `install_locked`.
    ///
    /// # Safety
    ///
    /// No thread claims in this shard without its lock.
    pub(crate) unsafe fn wanted_locked(&self, _locked: &MutexGuard<'_, Locked>) -> Option<usize> {
        // SAFETY: the lock holder is the writer.
        let (free, used, table) = unsafe { (self.free.get(), self.used.get(), self.table.get()) };
        if free != NO_SLOT || used < table.cap {
            None
        } else {
            Some((2 * table.cap).max(FIRST_TABLE))
        }
    }

    /// Swaps in `spare` (from `Table::alloc`, made with no lock held) if the table is still
    /// full; returns what to free after the lock is released.
    ///
    /// # Safety
    ///
    /// As for `wanted_locked`.
    pub(crate) unsafe fn install_locked(
        &self,
        _locked: &mut MutexGuard<'_, Locked>,
        spare: Table<T>,
    ) -> Retired<T> {
        // SAFETY: the lock holder is the writer.
        unsafe { self.install(spare) }
    }

    /// Claims a slot for `owner` under the lock: `claim` for a shard whose lock holder is its
    /// writer, when `wanted_locked` said there is room. The owner's place is written as
    /// `mark(place)`: a keyed owner's carries its key's hash bits too (`shared.rs`).
    ///
    /// # Safety
    ///
    /// As for `wanted_locked`, which returned `None` under this same lock; `owner` as for
    /// `claim`; `mark` keeps what `Owner::set_place`'s reader needs.
    pub(crate) unsafe fn claim_locked(
        &self,
        _locked: &mut MutexGuard<'_, Locked>,
        owner: *mut T,
        index: usize,
        shards: usize,
        mark: impl FnOnce(usize) -> usize,
    ) {
        // SAFETY: the lock holder is the writer, and there is room.
        unsafe { self.publish_with(owner, index, shards, mark) };
    }

    /// Takes a free slot from the writer's list, or the next never-used one.
    ///
    /// # Safety
    ///
    /// The caller is the writer and there is room.
    #[inline]
    unsafe fn take_slot(&self) -> usize {
        // SAFETY: the caller is the writer: these cells are its own.
        unsafe {
            let free = self.free.get();
            if free != NO_SLOT {
                let table = self.table.get().slots();
                self.free.set(next_of(table[free].load(Ordering::Relaxed)));
                free
            } else {
                let used = self.used.get();
                self.used.set(used + 1);
                used
            }
        }
    }

    /// Raises the peak to what `claimed` makes the shard hold now.
    #[inline]
    fn count_peak(&self, claimed: usize) {
        let len = claimed.saturating_sub(self.cleared.load(Ordering::Relaxed));
        if len > self.peak.load(Ordering::Relaxed) {
            self.peak.store(len, Ordering::Relaxed);
        }
    }

    /// `claim` for the shared shard: every step under the lock.
    unsafe fn claim_shared(&self, owner: *mut T, index: usize, shards: usize) {
        loop {
            let locked = lock(&self.lock);
            // SAFETY: on the shared shard, the lock holder is the writer.
            let (free, used, table) =
                unsafe { (self.free.get(), self.used.get(), self.table.get()) };
            if free != NO_SLOT || used < table.cap {
                // SAFETY: as above; room checked under the lock we still hold.
                unsafe { self.publish(owner, index, shards) };
                return;
            }
            drop(locked);
            let spare = Table::alloc((2 * table.cap).max(FIRST_TABLE));
            let locked = lock(&self.lock);
            // SAFETY: as above.
            let retired = unsafe { self.install(spare) };
            drop(locked);
            drop(retired);
        }
    }

    /// Takes a free slot (there is one), points it at `owner` and counts it.
    ///
    /// # Safety
    ///
    /// The caller is the writer and there is room.
    #[inline]
    unsafe fn publish(&self, owner: *mut T, index: usize, shards: usize) {
        // SAFETY: forwarded.
        unsafe { self.publish_with(owner, index, shards, |place| place) };
    }

    /// `publish`, writing `mark(place)` into the owner instead of the place.
    ///
    /// # Safety
    ///
    /// As for `publish`.
    #[inline]
    unsafe fn publish_with(
        &self,
        owner: *mut T,
        index: usize,
        shards: usize,
        mark: impl FnOnce(usize) -> usize,
    ) {
        // SAFETY: the caller is the writer and there is room.
        unsafe {
            let slot = self.take_slot();
            T::set_place(owner, mark(slot * shards + index));
            // `Release`: a reader that finds the owner sees it fully built.
            self.table.get().slots()[slot].store(owner, Ordering::Release);
        }
        let claimed = self.claimed.load(Ordering::Relaxed) + 1;
        self.claimed.store(claimed, Ordering::Relaxed);
        self.count_peak(claimed);
    }

    /// Swaps `spare` in if the table is still full and `spare` is bigger (an allocator that
    /// re-entered `track` may have grown it meanwhile); returns what to free after unlocking.
    ///
    /// # Safety
    ///
    /// The caller is the writer and holds the lock.
    unsafe fn install(&self, spare: Table<T>) -> Retired<T> {
        // SAFETY: writer under the lock: nobody else reads or writes these now.
        unsafe {
            let table = self.table.get();
            let full = self.free.get() == NO_SLOT && self.used.get() == table.cap;
            if !full || spare.cap <= table.cap {
                return Retired(spare);
            }
            let (old, new) = (table.slots(), spare.slots());
            for (from, to) in old.iter().zip(new) {
                to.store(from.load(Ordering::Relaxed), Ordering::Relaxed);
            }
            self.table.set(spare);
            Retired(table)
        }
    }

    /// Moves the returned list to the writer's free list; if the shard is empty and its table
    /// big, retires the table instead.
    ///
    /// # Safety
    ///
    /// The caller is the writer and holds the lock.
    unsafe fn take_returned(&self, locked: &mut MutexGuard<'_, Locked>) -> Retired<T> {
        // SAFETY: the caller is the writer and holds the lock.
        unsafe {
            if let Some(retired) = self.retire_if_empty(locked) {
                return retired;
            }
            self.returned.store(0, Ordering::Relaxed);
            let head = core::mem::replace(&mut locked.returned, NO_SLOT);
            // Append the writer's list (empty when called from `claim`) behind the returned.
            debug_assert_eq!(self.free.get(), NO_SLOT);
            self.free.set(head);
        }
        Retired::NONE
    }

    /// Frees the table if the shard holds no owner, whatever its size: its writer is giving
    /// up the lease (the thread exits).
    ///
    /// # Safety
    ///
    /// The caller is the writer of a leased shard.
    #[cfg_attr(loom, allow(dead_code))]
    pub(crate) unsafe fn release(&self) {
        let mut locked = lock(&self.lock);
        let empty = self.cleared.load(Ordering::Relaxed) == self.claimed.load(Ordering::Relaxed);
        // SAFETY: the writer, under the lock.
        let retired = unsafe {
            let table = self.table.get();
            if empty && table.cap > 0 {
                self.table.set(Table::EMPTY);
                self.used.set(0);
                self.free.set(NO_SLOT);
                locked.returned = NO_SLOT;
                self.returned.store(0, Ordering::Relaxed);
                Retired(table)
            } else {
                Retired::NONE
            }
        };
        drop(locked);
        drop(retired);
    }

    /// If the shard holds no owner and its table is bigger than `KEEP_WHEN_EMPTY`, forgets the
    /// table (and every free list into it) and returns it.
    ///
    /// # Safety
    ///
    /// The caller is the writer and holds the lock.
    #[cold]
    #[inline(never)]
    unsafe fn retire_if_empty(&self, locked: &mut MutexGuard<'_, Locked>) -> Option<Retired<T>> {
        let empty = self.cleared.load(Ordering::Relaxed) == self.claimed.load(Ordering::Relaxed);
        // SAFETY: as the caller guarantees.
        unsafe {
            let table = self.table.get();
            if !empty || table.cap <= KEEP_WHEN_EMPTY {
                return None;
            }
            self.table.set(Table::EMPTY);
            self.used.set(0);
            self.free.set(NO_SLOT);
            locked.returned = NO_SLOT;
            self.returned.store(0, Ordering::Relaxed);
            Some(Retired(table))
        }
    }

    /// Clears `slot`, whose owner is leaving, and returns what to free after the lock is
    /// released. `writer`: the caller is this shard's writer.
    ///
    /// # Safety
    ///
    /// The caller holds the lock (`locked`), and `slot` holds a published owner whose last
    /// handle is being dropped.
    #[inline]
    pub(crate) unsafe fn clear(
        &self,
        locked: &mut MutexGuard<'_, Locked>,
        slot: usize,
        writer: bool,
    ) -> Retired<T> {
        let cleared = self.cleared.load(Ordering::Relaxed) + 1;
        self.cleared.store(cleared, Ordering::Relaxed);
        // SAFETY: the table is read under the lock; it is not replaced while held.
        let table = unsafe { self.table.get().slots() };
        // The planted bug of a loom model: every thread returns slots to the writer's list.
        if writer || planted(Bug::ReturnToWritersList) {
            // SAFETY: the writer's own cells, written by the writer (under the lock, too).
            unsafe {
                table[slot].store(vacant(self.free.get()), Ordering::Relaxed);
                self.free.set(slot);
                // Only a clear that empties a shard with a big table retires it: the call,
                // out of line, is made only then (the test is `retire_if_empty`'s own).
                if writer
                    && table.len() > KEEP_WHEN_EMPTY
                    && cleared == self.claimed.load(Ordering::Relaxed)
                {
                    return self.retire_if_empty(locked).unwrap_or(Retired::NONE);
                }
            }
            Retired::NONE
        } else {
            table[slot].store(vacant(locked.returned), Ordering::Relaxed);
            locked.returned = slot;
            self.returned.store(1, Ordering::Relaxed);
            if planted(Bug::RetireWhileRemote) {
                // SAFETY: none: the writer may be reading the table; loom must report it.
                if let Some(retired) = unsafe { self.retire_if_empty(locked) } {
                    return retired;
                }
            }
            Retired::NONE
        }
    }
}
