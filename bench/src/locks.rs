//! The shard lock, side by side: the registry's old lock of its own, `parking_lot::Mutex` and
//! `std::sync::Mutex`, each guarding the same slot table and doing what track + drop do with
//! it (allocate an owner, lock, take a slot, unlock; count down, lock, free the slot, unlock,
//! free the owner), on 1, 2 and 8 threads, all on one shard or spread one shard per thread.
//!
//! The model isolates the lock: the registry itself picks a thread's shard round robin and
//! cannot be told to put every thread on one.

use crate::before::lock::ShardLock;
use crate::timing::{compare, Case};
use std::hint::black_box;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Barrier;

/// What the model needs from a lock: run `f` with the table locked.
pub trait Lock: Sync {
    const NAME: &'static str;
    fn new(table: Table) -> Self;
    fn with<R>(&self, f: impl FnOnce(&mut Table) -> R) -> R;
}

impl Lock for ShardLock<Table> {
    const NAME: &'static str = "old `ShardLock` (spin, yield, sleep)";
    fn new(table: Table) -> Self {
        ShardLock::new(table)
    }
    #[inline]
    fn with<R>(&self, f: impl FnOnce(&mut Table) -> R) -> R {
        f(&mut self.lock())
    }
}

impl Lock for parking_lot::Mutex<Table> {
    const NAME: &'static str = "`parking_lot::Mutex`";
    fn new(table: Table) -> Self {
        parking_lot::Mutex::new(table)
    }
    #[inline]
    fn with<R>(&self, f: impl FnOnce(&mut Table) -> R) -> R {
        f(&mut self.lock())
    }
}

impl Lock for std::sync::Mutex<Table> {
    const NAME: &'static str = "`std::sync::Mutex`";
    fn new(table: Table) -> Self {
        std::sync::Mutex::new(table)
    }
    #[inline]
    fn with<R>(&self, f: impl FnOnce(&mut Table) -> R) -> R {
        f(&mut self.lock().unwrap_or_else(std::sync::PoisonError::into_inner))
    }
}

/// A slot table with a free list, as the registry keeps one per shard.
pub struct Table {
    entries: Vec<usize>,
    vacant: usize,
}

const NONE: usize = usize::MAX;

impl Table {
    fn insert(&mut self, owner: usize) -> usize {
        if self.vacant == NONE {
            self.entries.push(owner);
            self.entries.len() - 1
        } else {
            let index = self.vacant;
            self.vacant = self.entries[index];
            self.entries[index] = owner;
            index
        }
    }

    fn remove(&mut self, index: usize) {
        self.entries[index] = self.vacant;
        self.vacant = index;
    }
}

/// An owner: its handle count and a small payload, like `Exam`.
struct Owner {
    handles: AtomicUsize,
    _payload: [u32; 3],
}

#[repr(align(128))]
struct Shard<L>(L);

const SHARDS: usize = 8;

struct Model<L> {
    shards: Vec<Shard<L>>,
}

impl<L: Lock> Model<L> {
    fn new() -> Self {
        Model {
            shards: (0..SHARDS)
                .map(|_| {
                    Shard(L::new(Table {
                        entries: Vec::with_capacity(64),
                        vacant: NONE,
                    }))
                })
                .collect(),
        }
    }

    #[inline(never)]
    fn track_drop(&self, shard: usize, n: u64) {
        let lock = &self.shards[shard].0;
        for _ in 0..n {
            let owner = Box::new(Owner {
                handles: AtomicUsize::new(1),
                _payload: black_box([95, 92, 88]),
            });
            let raw = Box::into_raw(owner);
            let slot = lock.with(|table| table.insert(raw as usize));
            black_box(raw);
            // SAFETY: `raw` came from `Box::into_raw` above and is freed only below.
            let owner = unsafe { Box::from_raw(raw) };
            if owner.handles.fetch_sub(1, Ordering::Release) == 1 {
                let _ = owner.handles.load(Ordering::Acquire);
                lock.with(|table| table.remove(slot));
            }
            drop(owner);
        }
    }
}

/// `n` operations split over `threads` threads started together; thread `i` uses shard 0
/// (`spread == false`) or shard `i`.
fn run<L: Lock>(model: &Model<L>, threads: usize, spread: bool, n: u64) {
    if threads == 1 {
        model.track_drop(0, n);
        return;
    }
    let start = Barrier::new(threads);
    std::thread::scope(|s| {
        for i in 0..threads {
            let start = &start;
            s.spawn(move || {
                start.wait();
                model.track_drop(if spread { i % SHARDS } else { 0 }, n / threads as u64);
            });
        }
    });
}

/// One row of the table: threads, placement, and ns per operation for each lock.
pub struct LockRow {
    pub threads: usize,
    pub spread: bool,
    /// Wall-clock ns per track + drop: old lock, parking_lot, std.
    pub ns: [f64; 3],
}

/// Every configuration, each lock interleaved with the others in the same run.
pub fn measure() -> Vec<LockRow> {
    let old = Model::<ShardLock<Table>>::new();
    let parking = Model::<parking_lot::Mutex<Table>>::new();
    let std = Model::<std::sync::Mutex<Table>>::new();
    let mut rows = Vec::new();
    for threads in [1, 2, 8] {
        for spread in [false, true] {
            if threads == 1 && spread {
                continue; // one thread is on one shard either way
            }
            eprintln!("timing: locks, {threads} threads, spread: {spread}");
            let t = compare(&mut [
                Case::new(|n| run(&old, threads, spread, n)),
                Case::new(|n| run(&parking, threads, spread, n)),
                Case::new(|n| run(&std, threads, spread, n)),
            ]);
            rows.push(LockRow {
                threads,
                spread,
                ns: [t[0], t[1], t[2]],
            });
        }
    }
    rows
}

/// The names of the three locks, in the order of `LockRow::ns`.
pub fn names() -> [&'static str; 3] {
    [
        <ShardLock<Table> as Lock>::NAME,
        <parking_lot::Mutex<Table> as Lock>::NAME,
        <std::sync::Mutex<Table> as Lock>::NAME,
    ]
}
