//! Exact memory accounting of `Registry<T>`, with a counting global allocator.
//!
//! The allocator is process-wide and the test harness runs tests on parallel threads, so this
//! binary has a single `#[test]` that runs every case in sequence, and each case measures
//! deltas only around its own code. Even then the harness's main thread allocates now and then
//! (a few hundred bytes, seen racing with the first cases), so the allocator counts only the
//! threads that opt in with [`count_this_thread`]: the test's own thread, which tracks and
//! drops every owner measured here. Run with `--nocapture` to see the figures.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::panic::{self, AssertUnwindSafe};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, Weak};
use std::time::Instant;
use within_runtime::__private::{KeyOps, Keyed};
use within_runtime::{FieldSpec, Invalid, Registry, Tracked, Validated, WeakTracked};

/// Wraps the system allocator and counts the bytes and the number of allocations live now,
/// made or freed by the threads that opted in.
struct Counting;

/// Bytes allocated and not yet freed by counted threads.
static LIVE_BYTES: AtomicUsize = AtomicUsize::new(0);
/// Allocations made and not yet freed by counted threads.
static LIVE_ALLOCS: AtomicUsize = AtomicUsize::new(0);

thread_local! {
    /// Whether this thread's allocations are counted. `const`-initialised and without `Drop`,
    /// so reading it from inside the allocator allocates nothing.
    static COUNTED: Cell<bool> = const { Cell::new(false) };
}

/// Counts the current thread's allocations from now on.
fn count_this_thread() {
    COUNTED.with(|counted| counted.set(true));
}

/// Prints a figure without counting the allocations that printing makes: captured output
/// grows the harness's buffer, which would otherwise show up inside a measurement.
macro_rules! report {
    ($($arg:tt)*) => {{
        COUNTED.with(|counted| counted.set(false));
        println!($($arg)*);
        COUNTED.with(|counted| counted.set(true));
    }};
}

/// Whether the current thread is counted (false while its thread-locals are torn down).
fn counted() -> bool {
    COUNTED.try_with(Cell::get).unwrap_or(false)
}

/// Adds `bytes` and `allocs` to the counters if this thread is counted. The counters may
/// wrap below zero (memory made before opting in, freed after); deltas use wrapping
/// arithmetic, so they stay exact.
fn record(bytes: isize, allocs: isize) {
    if counted() {
        LIVE_BYTES.fetch_add(bytes as usize, Ordering::SeqCst);
        LIVE_ALLOCS.fetch_add(allocs as usize, Ordering::SeqCst);
    }
}

// SAFETY: every call is forwarded to `System` unchanged; the counters are only bookkeeping.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: forwarded with the caller's guarantees.
        let ptr = unsafe { System.alloc(layout) };
        if !ptr.is_null() {
            record(layout.size() as isize, 1);
        }
        ptr
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: forwarded with the caller's guarantees.
        let ptr = unsafe { System.alloc_zeroed(layout) };
        if !ptr.is_null() {
            record(layout.size() as isize, 1);
        }
        ptr
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: forwarded with the caller's guarantees.
        unsafe { System.dealloc(ptr, layout) };
        record(-(layout.size() as isize), -1);
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: forwarded with the caller's guarantees.
        let new = unsafe { System.realloc(ptr, layout, new_size) };
        if !new.is_null() {
            // One allocation before and after: only the byte count moves.
            record(new_size as isize - layout.size() as isize, 0);
        }
        new
    }
}

/// Every allocation of this test binary goes through the counter.
#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// Live heap bytes and allocations at one moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Mem {
    bytes: usize,
    allocs: usize,
}

/// Reads the counters now.
fn mem() -> Mem {
    Mem {
        bytes: LIVE_BYTES.load(Ordering::SeqCst),
        allocs: LIVE_ALLOCS.load(Ordering::SeqCst),
    }
}

/// `later - earlier` in bytes, which may be negative.
fn delta(earlier: Mem, later: Mem) -> isize {
    later.bytes.wrapping_sub(earlier.bytes) as isize
}

/// `later - earlier` in allocations, which may be negative.
fn delta_allocs(earlier: Mem, later: Mem) -> isize {
    later.allocs.wrapping_sub(earlier.allocs) as isize
}

/// `later - earlier` in bytes; panics if memory shrank (callers expect growth).
fn grown(earlier: Mem, later: Mem) -> usize {
    usize::try_from(delta(earlier, later))
        .unwrap_or_else(|_| panic!("expected growth from {earlier:?} to {later:?}"))
}

/// An owner with a 64 KiB payload stored inline, so it is part of the owner's own allocation:
/// exactly what a registry of `Weak`s would keep alive.
#[derive(Validated)]
struct Big {
    #[within(0, 9)]
    tag: u8,
    payload: [u8; 65536],
}

/// A small owner, for counting owners by the hundred thousand.
#[derive(Validated)]
struct Small {
    #[within(0, 999_999)]
    id: u32,
}

/// An owner whose `Drop` panics when `explode` is set, with a 4 KiB inline payload.
#[derive(Validated)]
struct Explosive {
    #[within(0, 9)]
    n: u8,
    explode: bool,
    payload: [u8; 4096],
}

impl Drop for Explosive {
    /// Panics if asked to (and not already unwinding, which would abort).
    fn drop(&mut self) {
        if self.explode && !std::thread::panicking() {
            panic!("Explosive {} refuses to die quietly", self.n);
        }
    }
}

/// Bytes of one `Small` owner's allocation, measured: the second owner tracked into a fresh
/// registry allocates exactly one owner (the first also allocates the slot table, whose
/// initial capacity of four slots covers the second).
fn small_owner_bytes() -> usize {
    static SIZER: Registry<Small> = Registry::new();
    let first = SIZER.track(Small::try_new(0).unwrap()).unwrap();
    let before = mem();
    let second = SIZER.track(Small::try_new(1).unwrap()).unwrap();
    let after = mem();
    assert_eq!(delta_allocs(before, after), 1, "one allocation per owner");
    let bytes = grown(before, after);
    assert!(bytes >= std::mem::size_of::<Small>());
    drop((first, second));
    bytes
}

/// Bytes of one `Arc<RwLock<Small>>` allocation, measured the same way.
fn arc_rwlock_bytes() -> usize {
    let before = mem();
    let arc = Arc::new(std::sync::RwLock::new(Small::try_new(1).unwrap()));
    let after = mem();
    assert_eq!(delta_allocs(before, after), 1);
    drop(arc);
    grown(before, after)
}

/// Every memory case, in sequence (see the module docs for why there is one test).
#[test]
fn registry_memory_is_exact() {
    count_this_thread();
    let start = Instant::now();
    let owner_bytes = small_owner_bytes();
    let arc_bytes = arc_rwlock_bytes();
    report!(
        "one Small owner (size_of::<Small>() = {}): {owner_bytes} bytes in one allocation; \
         Arc<RwLock<Small>>: {arc_bytes} bytes",
        std::mem::size_of::<Small>()
    );
    // An owner is an `Arc<RwLock<T>>` without the weak count, plus its slot number, its
    // registry, its creation site and its weak handles' anchor: four words, less the one weak
    // count.
    let word = std::mem::size_of::<usize>();
    assert_eq!(owner_bytes, arc_bytes + 3 * word);

    big_owner_is_freed_the_moment_its_last_handle_drops();
    many_owners_return_to_baseline_except_a_bounded_slot_table(owner_bytes);
    churn_does_not_grow_the_registry(owner_bytes);
    naive_weak_registry_keeps_dead_owners_memory_ours_does_not();
    panicking_drop_still_frees_the_owner();
    weak_handles_keep_only_their_anchor();
    keyed_registry_returns_to_zero_after_a_peak(owner_bytes);
    slots_freed_on_another_thread_are_reused(owner_bytes);
    a_thread_that_exits_gives_back_its_emptied_tables();

    report!("registry_memory: all cases in {:?}", start.elapsed());
}

/// Guarantee 2: dropping the last handle of an owner with a 64 KiB inline payload returns
/// the whole allocation at once, before any other registry call; dropping a non-last handle
/// frees nothing.
fn big_owner_is_freed_the_moment_its_last_handle_drops() {
    static BIG: Registry<Big> = Registry::new();
    let handle = BIG.track(Big::try_new(1, [7; 65536]).unwrap()).unwrap();
    let clone = handle.clone();
    assert_eq!(handle.read().payload[65535], 7);
    assert_eq!(handle.read().tag(), 1);

    let held = mem();
    drop(handle);
    assert_eq!(
        mem(),
        held,
        "a clone still holds the owner: nothing is freed"
    );
    drop(clone);
    let freed = mem();

    let returned = grown(freed, held);
    report!("64 KiB owner: last drop returned {returned} bytes, 1 allocation");
    assert!(returned >= 65536, "returned only {returned} bytes");
    assert_eq!(delta_allocs(held, freed), -1);
    assert!(BIG.is_empty());
}

/// Guarantees 2 and 3 at scale: 100,000 owners held at once cost exactly 100,000 owner
/// allocations plus the slot table, which is at most 16 bytes per peak owner (one 8-byte
/// pointer per slot, and `Vec` doubling leaves at most twice the slots needed). After all
/// drop, memory is back to the exact baseline: a registry that empties after holding more than
/// 1,024 slots frees its table. One that peaked at 1,024 or fewer keeps the table for reuse
/// (at most 8 KiB), which the second half shows, with the next burst reusing it.
fn many_owners_return_to_baseline_except_a_bounded_slot_table(owner_bytes: usize) {
    static MANY: Registry<Small> = Registry::new();
    const N: usize = 100_000;
    let mut handles = Vec::with_capacity(N);

    let baseline = mem();
    for id in 0..N {
        handles.push(MANY.track(Small::try_new(id as u32).unwrap()).unwrap());
    }
    let peak = mem();
    assert_eq!(MANY.len(), N);
    // One allocation per owner, plus the slot table (grown by `realloc`, so one allocation).
    assert_eq!(delta_allocs(baseline, peak), N as isize + 1);
    let table = grown(baseline, peak) - N * owner_bytes;
    report!(
        "{N} owners: +{} bytes = {N} x {owner_bytes} + slot table {table} bytes \
         ({:.2} bytes per peak owner)",
        grown(baseline, peak),
        table as f64 / N as f64
    );
    assert!(table >= 8 * N, "one pointer per owner at least");
    assert!(
        table <= 16 * N,
        "slot table {table} bytes > 16 per peak owner"
    );

    handles.clear();
    let after = mem();
    report!(
        "{N} owners dropped: {} bytes / {} allocations over baseline",
        delta(baseline, after),
        delta_allocs(baseline, after)
    );
    assert!(MANY.is_empty());
    assert_eq!(
        after, baseline,
        "the table (> 1,024 slots) is freed when it empties"
    );

    // A smaller burst: the table (at most 1,024 slots) is kept, bounded by the peak.
    const SMALL_N: usize = 1_000;
    let baseline = mem();
    for id in 0..SMALL_N {
        handles.push(MANY.track(Small::try_new(id as u32).unwrap()).unwrap());
    }
    handles.clear();
    let kept = mem();
    let kept_table = grown(baseline, kept);
    report!("{SMALL_N} owners dropped: slot table of {kept_table} bytes kept for reuse");
    assert_eq!(delta_allocs(baseline, kept), 1, "only the table remains");
    // Both bounds hold: at most 16 bytes per peak owner, and never more than 1,024 slots.
    assert!(kept_table <= 16 * SMALL_N);
    assert!(kept_table <= 8 * 1024);

    for id in 0..SMALL_N {
        handles.push(MANY.track(Small::try_new(id as u32).unwrap()).unwrap());
    }
    assert_eq!(
        delta(kept, mem()),
        (SMALL_N * owner_bytes) as isize,
        "the kept table is reused, not grown"
    );
    handles.clear();
    assert_eq!(mem(), kept);
}

/// Guarantee 3 under churn: 1,000,000 track/drop cycles with at most 100 owners alive. The
/// registry reuses its slots, so memory after 10,000 cycles and after 1,000,000 is identical
/// to the byte and allocation, and is 100 owners plus a table of at most 16 bytes per owner.
fn churn_does_not_grow_the_registry(owner_bytes: usize) {
    static CHURN: Registry<Small> = Registry::new();
    const ALIVE: usize = 100;
    const EARLY: usize = 10_000;
    const CYCLES: usize = 1_000_000;
    let mut ring: Vec<Option<Tracked<Small>>> = (0..ALIVE).map(|_| None).collect();

    let baseline = mem();
    let started = Instant::now();
    let mut early = None;
    for cycle in 0..CYCLES {
        let slot = &mut ring[cycle % ALIVE];
        drop(slot.take()); // at most ALIVE - 1 alive while the next one is tracked
        *slot = Some(
            CHURN
                .track(Small::try_new((cycle % 1_000_000) as u32).unwrap())
                .unwrap(),
        );
        if cycle + 1 == EARLY {
            early = Some(mem());
        }
    }
    let late = mem();
    let early = early.unwrap();
    let elapsed = started.elapsed();
    assert_eq!(CHURN.len(), ALIVE);

    let table = grown(baseline, early) - ALIVE * owner_bytes;
    report!(
        "churn: {CYCLES} cycles in {elapsed:?}; +{} bytes after {EARLY} cycles, +{} after \
         {CYCLES} ({ALIVE} owners + slot table {table} bytes)",
        grown(baseline, early),
        grown(baseline, late)
    );
    assert_eq!(
        late, early,
        "memory does not grow with the number of cycles"
    );
    assert!(
        table <= 16 * ALIVE,
        "slot table {table} bytes for {ALIVE} owners"
    );

    ring.iter_mut().for_each(|slot| drop(slot.take())); // the ring itself stays allocated
    let after = mem();
    assert!(CHURN.is_empty());
    assert_eq!(grown(baseline, after), table, "only the small table stays");
}

/// The naive port of Python's `WeakKeyDictionary`: a `Mutex<Vec<Weak<T>>>` pruned only when
/// the vector has doubled since the last prune. A `Weak` keeps its `Arc`'s allocation.
struct NaiveRegistry<T> {
    entries: Mutex<(Vec<Weak<T>>, usize)>,
}

impl<T> NaiveRegistry<T> {
    /// An empty naive registry that first prunes at 64 entries.
    fn new() -> Self {
        NaiveRegistry {
            entries: Mutex::new((Vec::new(), 64)),
        }
    }

    /// Registers `value` and returns its (only) strong handle; prunes dead entries lazily.
    fn track(&self, value: T) -> Arc<T> {
        let owner = Arc::new(value);
        let mut entries = self.entries.lock().unwrap();
        let (weaks, prune_at) = &mut *entries;
        if weaks.len() >= *prune_at {
            weaks.retain(|weak| weak.strong_count() > 0);
            *prune_at = (2 * weaks.len()).max(64);
        }
        weaks.push(Arc::downgrade(&owner));
        owner
    }

    /// How many registered owners are alive.
    fn len(&self) -> usize {
        let entries = self.entries.lock().unwrap();
        entries.0.iter().filter(|w| w.strong_count() > 0).count()
    }
}

/// The contrast that motivates the design: after 32 owners with 64 KiB inline payloads all
/// die, the naive registry still holds at least 32 x 64 KiB (their allocations, pinned by the
/// `Weak`s), while ours holds nothing but its small slot table.
fn naive_weak_registry_keeps_dead_owners_memory_ours_does_not() {
    const OWNERS: usize = 32;
    let payload = std::mem::size_of::<Big>();

    let naive = NaiveRegistry::new();
    let baseline = mem();
    let owners: Vec<_> = (0..OWNERS)
        .map(|_| naive.track(Big::try_new(2, [1; 65536]).unwrap()))
        .collect();
    assert_eq!(naive.len(), OWNERS);
    assert_eq!(owners[0].payload[0], 1);
    drop(owners);
    let naive_after = mem();
    assert_eq!(naive.len(), 0, "every owner is dead");
    let naive_kept = grown(baseline, naive_after);
    report!(
        "naive Weak registry: {naive_kept} bytes still held after {OWNERS} x \
         {payload}-byte owners died"
    );
    assert!(naive_kept >= OWNERS * payload);
    drop(naive);
    assert_eq!(
        mem(),
        baseline,
        "dropping the naive registry finally frees them"
    );

    static OURS: Registry<Big> = Registry::new();
    let baseline = mem();
    let owners: Vec<_> = (0..OWNERS)
        .map(|_| OURS.track(Big::try_new(2, [1; 65536]).unwrap()).unwrap())
        .collect();
    assert_eq!(owners[31].read().payload[0], 1);
    drop(owners);
    let ours_kept = grown(baseline, mem());
    report!("our registry: {ours_kept} bytes held after the same owners died (slot table)");
    assert!(OURS.is_empty());
    assert!(ours_kept <= 16 * OWNERS, "{ours_kept} bytes kept");
}

/// Guarantee 6 with memory: when `T`'s `Drop` panics, the owner's allocation is still freed,
/// the registry is consistent, and memory is back to exactly what it was before the owner
/// was tracked.
fn panicking_drop_still_frees_the_owner() {
    static BOOM: Registry<Explosive> = Registry::new();
    // The panic message would be written to the harness's capture buffer, which grows (and
    // stays grown); a silent hook keeps the measurement about the owner only. Installed and
    // warmed up (a first panic may set up lazy state) before the baseline.
    let default_hook = panic::take_hook();
    panic::set_hook(Box::new(|_| {}));
    drop(panic::catch_unwind(|| panic!("warm-up")));
    let keep = BOOM
        .track(Explosive::try_new(0, false, [0; 4096]).unwrap())
        .unwrap();

    let baseline = mem();
    let loud = BOOM
        .track(Explosive::try_new(1, true, [3; 4096]).unwrap())
        .unwrap();
    assert_eq!(loud.read().payload[4095], 3);
    let held = mem();
    let result = panic::catch_unwind(AssertUnwindSafe(|| drop(loud)));
    drop(result.expect_err("the Drop panicked"));
    let after = mem();
    panic::set_hook(default_hook);

    report!(
        "panicking Drop: owner of {} bytes, {} bytes over baseline afterwards",
        grown(baseline, held),
        delta(baseline, after)
    );
    assert!(grown(baseline, held) >= 4096);
    assert_eq!(after, baseline, "the allocation is freed despite the panic");
    assert_eq!(BOOM.len(), 1);
    assert_eq!(BOOM.live().len(), 1);
    let next = BOOM
        .track(Explosive::try_new(2, false, [0; 4096]).unwrap())
        .unwrap();
    assert_eq!(BOOM.len(), 2);
    drop((next, keep));
    assert!(BOOM.is_empty());
}

/// Guarantee 2 with weak handles: the first `downgrade` allocates the weak handles' anchor,
/// three words (24 bytes on 64-bit); later downgrades and clones allocate nothing; the last
/// `Tracked` drop frees the owner's whole allocation (its 64 KiB inline payload included)
/// while weak handles remain, which then hold exactly the anchor; the last weak handle frees
/// it. `WeakTracked::new()` allocates nothing.
fn weak_handles_keep_only_their_anchor() {
    static WEAKLY: Registry<Big> = Registry::new();
    let word = std::mem::size_of::<usize>();
    let warm = WEAKLY.track(Big::try_new(0, [0; 65536]).unwrap()).unwrap(); // the slot table

    let baseline = mem();
    let none = WeakTracked::<Big>::new();
    assert_eq!(mem(), baseline, "WeakTracked::new allocates nothing");
    let owner = WEAKLY.track(Big::try_new(1, [5; 65536]).unwrap()).unwrap();
    let with_owner = mem();
    let owner_bytes = grown(baseline, with_owner);
    let weak = Tracked::downgrade(&owner);
    let with_anchor = mem();
    let anchor = grown(with_owner, with_anchor);
    assert_eq!(anchor, 3 * word, "the anchor is three words");
    assert_eq!(delta_allocs(with_owner, with_anchor), 1);
    let more = (Tracked::downgrade(&owner), weak.clone());
    assert_eq!(mem(), with_anchor, "later weak handles share the anchor");

    drop(owner);
    let after_owner = mem();
    report!(
        "weak handles: owner of {owner_bytes} bytes freed at its last drop; \
         3 weak handles keep {} bytes ({} allocation)",
        delta(baseline, after_owner),
        delta_allocs(baseline, after_owner)
    );
    assert_eq!(delta(baseline, after_owner), anchor as isize);
    assert_eq!(delta_allocs(baseline, after_owner), 1);
    assert!(weak.upgrade().is_none());
    drop(more);
    assert_eq!(
        mem(),
        after_owner,
        "the anchor stays until the last weak handle"
    );
    drop(weak);
    assert_eq!(mem(), baseline, "the last weak handle frees the anchor");

    // A weak handle that outlives nothing: the owner's last drop frees the anchor too.
    let owner = WEAKLY.track(Big::try_new(2, [6; 65536]).unwrap()).unwrap();
    drop(Tracked::downgrade(&owner));
    drop(owner);
    assert_eq!(mem(), baseline);
    drop((none, warm));
}

/// A keyed owner (the derive's `#[within(key)]` hook, written by hand).
struct Keyed64 {
    id: u64,
}

impl Validated for Keyed64 {
    const FIELDS: &'static [FieldSpec] = &[];

    fn validate(&self) -> Result<(), Invalid> {
        Ok(())
    }

    fn __key() -> Option<KeyOps<Self>> {
        Some(KeyOps::of())
    }
}

impl Keyed for Keyed64 {
    type Key = u64;
    const OWNER: &'static str = "Keyed64";
    const KEY_FIELD: &'static str = "id";

    fn key(&self) -> &u64 {
        &self.id
    }
}

/// Guarantee 3 with keys: 100,000 keyed owners held at once, then dropped: the registry's
/// memory (slot table, key tables, keys) is back to exactly nothing but the key index made by
/// its first `track` (one allocation: the hasher and one key table's header per shard, each on
/// its own cache line, made once).
fn keyed_registry_returns_to_zero_after_a_peak(owner_bytes: usize) {
    static KEYED: Registry<Keyed64> = Registry::new();
    const N: u64 = 100_000;
    let baseline = mem();
    drop(KEYED.track(Keyed64 { id: u64::MAX }).unwrap()); // makes the key index
    let mut handles = Vec::with_capacity(N as usize);
    let reserved = mem();
    for id in 0..N {
        handles.push(KEYED.track(Keyed64 { id }).unwrap());
    }
    let peak = mem();
    assert!(KEYED.get(&(N / 2)).is_some());
    report!(
        "{N} keyed owners: +{} bytes ({:.1} per owner; an unkeyed one is {owner_bytes} + 8 to 16)",
        grown(reserved, peak),
        grown(reserved, peak) as f64 / N as f64
    );
    drop(handles);
    assert!(KEYED.is_empty());
    assert!(KEYED.get(&(N / 2)).is_none());
    let after = mem();
    report!(
        "{N} keyed owners dropped: {} bytes in {} allocation over the registry before its \
         first track (the key index)",
        delta(baseline, after),
        delta_allocs(baseline, after)
    );
    assert_eq!(
        delta_allocs(baseline, after),
        1,
        "only the key index is left"
    );
    assert!(
        delta(baseline, after) <= 2048,
        "the key index is about 1 KiB"
    );
}

/// Guarantee 3 with drops on another thread: a producer tracks 1,000 owners per round and a
/// consumer thread drops them (their slots go back to the producer's shard through the list
/// under the lock, which the producer takes back when its own runs dry). Over 200 rounds the
/// slot table does not grow past what the first rounds made: memory after round 20 and after
/// round 200 is identical, and back to the table alone once all are dropped. Both threads are
/// counted.
fn slots_freed_on_another_thread_are_reused(owner_bytes: usize) {
    static HANDED: Registry<Small> = Registry::new();
    const PER_ROUND: usize = 1_000;
    const ROUNDS: usize = 200;
    // A hand-over that allocates nothing itself (a channel may allocate as it blocks).
    static BATCH: Mutex<Option<Vec<Tracked<Small>>>> = Mutex::new(None);
    static DROPPED: AtomicUsize = AtomicUsize::new(0);
    let consumer = std::thread::spawn(move || {
        count_this_thread();
        for round in 1..=ROUNDS {
            let batch = loop {
                if let Some(batch) = BATCH.lock().unwrap().take() {
                    break batch;
                }
                std::thread::yield_now();
            };
            drop(batch);
            DROPPED.store(round, Ordering::SeqCst);
        }
        // Exits (freeing what a thread frees then) only once the figures are taken.
        while DROPPED.load(Ordering::SeqCst) != 0 {
            std::thread::yield_now();
        }
    });
    let baseline = mem();
    let mut early = None;
    for round in 0..ROUNDS {
        let mut batch = Vec::with_capacity(PER_ROUND);
        for id in 0..PER_ROUND {
            batch.push(HANDED.track(Small::try_new(id as u32).unwrap()).unwrap());
        }
        *BATCH.lock().unwrap() = Some(batch);
        while DROPPED.load(Ordering::SeqCst) != round + 1 {
            std::thread::yield_now(); // until the consumer dropped the whole batch
        }
        if round + 1 == 20 {
            early = Some(mem());
        }
    }
    let late = mem();
    DROPPED.store(0, Ordering::SeqCst);
    consumer.join().unwrap();
    let early = early.unwrap();
    let stats = HANDED.stats();
    report!(
        "{ROUNDS} rounds of {PER_ROUND} owners dropped on another thread: {} bytes held after \
         round 20, {} after round {ROUNDS}",
        delta(baseline, early),
        delta(baseline, late)
    );
    assert_eq!(
        late, early,
        "remote frees are reused: the registry does not grow"
    );
    assert_eq!((stats.live, stats.peak), (0, PER_ROUND));
    assert_eq!(stats.tracked, (ROUNDS * PER_ROUND) as u64);
    // What is left is the slot table (at most 16 bytes per peak owner) and the channel's
    // buffers; every owner was freed (a thousand unfreed owners would be far more).
    assert!(delta(baseline, late) <= (16 * PER_ROUND) as isize);
    assert!(delta(baseline, late) < (owner_bytes * PER_ROUND) as isize);
}

/// Guarantee 3 when the tracking thread exits: a thread tracks 2,000 owners and hands them to
/// this thread, which drops them (so the thread's shard is emptied by another thread's drops,
/// and keeps its table for the thread's next `track`). When the thread exits and gives up its
/// shard lease, the emptied table is freed: the thread leaves exactly what a thread that
/// tracks nothing leaves.
fn a_thread_that_exits_gives_back_its_emptied_tables() {
    // What a counted thread that tracks nothing leaves behind once joined (std's own state for
    // the thread, 24 bytes here): the figure the registry's thread is compared with.
    let before_control = mem();
    std::thread::spawn(count_this_thread).join().unwrap();
    let control = mem();
    static LEFT: Registry<Small> = Registry::new();
    static HANDOVER: Mutex<Option<Vec<Tracked<Small>>>> = Mutex::new(None);
    static STEP: AtomicUsize = AtomicUsize::new(0);
    let baseline = mem();
    let producer = std::thread::spawn(move || {
        count_this_thread();
        let owners: Vec<_> = (0..2_000)
            .map(|id| LEFT.track(Small::try_new(id).unwrap()).unwrap())
            .collect();
        *HANDOVER.lock().unwrap() = Some(owners);
        while STEP.load(Ordering::SeqCst) == 0 {
            std::thread::yield_now(); // until the owners are dropped on the other thread
        }
        assert!(LEFT.is_empty());
    });
    let owners = loop {
        if let Some(owners) = HANDOVER.lock().unwrap().take() {
            break owners;
        }
        std::thread::yield_now();
    };
    drop(owners);
    let emptied = mem();
    STEP.store(1, Ordering::SeqCst);
    producer.join().unwrap();
    let after = mem();
    report!(
        "2,000 owners of an exiting thread dropped here: {} bytes kept while it runs, {} after \
         it exits",
        delta(baseline, emptied),
        delta(baseline, after)
    );
    assert!(
        delta(baseline, emptied) >= 2_000 * 8,
        "the table waits for the thread"
    );
    assert_eq!(
        (delta(baseline, after), delta_allocs(baseline, after)),
        (
            delta(before_control, control),
            delta_allocs(before_control, control)
        ),
        "the thread's exit frees its emptied table: it leaves what a thread that tracks \
         nothing leaves"
    );
}
