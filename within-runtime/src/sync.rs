//! The synchronization primitives the registry protocol uses: std's, or loom's when the
//! protocol is model-checked (`RUSTFLAGS="--cfg loom"`, see `.ci/run`). Only what takes part
//! in the protocol (the shard locks, the slots, the shards' counts and writer-only cells, the
//! owners' handle counts, the weak handles' anchors) comes from here; loom's versions are not
//! `const`, so under loom `Registry::new` is not either.
//!
//! The shard lock is `std::sync::Mutex`. Measured side by side (`bench/src/locks.rs`: track +
//! drop's work on a shard, ns per operation, on a 2-core Xeon VM; see `bench/RESULTS.md`),
//! std / `parking_lot::Mutex` / the lock this crate used to have: alone on a shard 52.8 / 53.8
//! / 39.1; one shard per thread, 2 threads 28.8 / 29.6 / 22.0; 8 threads on one shard 360 /
//! 122 / 211. The old lock released with a plain store, both standard locks with an atomic
//! read-modify-write, which costs about 10 ns on that machine. std's rather than
//! `parking_lot`'s: it costs the same uncontended, and the sharding keeps threads apart; it
//! never allocates, even while waiting (`parking_lot` may grow its table of parked threads
//! then, which an allocator that calls into the registry could not go through); it is `const`
//! and loom mirrors its API; it adds no dependency. The old lock's 14 ns were given up with its
//! 165 lines of `unsafe`.

#[cfg(loom)]
pub(crate) use loom::sync::atomic::{AtomicPtr, AtomicUsize};
#[cfg(loom)]
pub(crate) use loom::sync::{Mutex, MutexGuard};

#[cfg(not(loom))]
pub(crate) use std::sync::atomic::{AtomicPtr, AtomicUsize};
#[cfg(not(loom))]
pub(crate) use std::sync::{Mutex, MutexGuard};

/// A cell whose accesses the protocol serializes by other means (a shard's single writer, or
/// its lock): `core::cell::UnsafeCell`, or loom's, which reports two accesses that are not
/// ordered by the protocol as a data race. Only `get` and `set` of `Copy` values, so no
/// reference into the cell outlives one access.
pub(crate) struct Racy<T: Copy> {
    #[cfg(not(loom))]
    cell: core::cell::UnsafeCell<T>,
    #[cfg(loom)]
    cell: loom::cell::UnsafeCell<T>,
}

impl<T: Copy> Racy<T> {
    #[cfg(not(loom))]
    pub(crate) const fn new(value: T) -> Self {
        Racy {
            cell: core::cell::UnsafeCell::new(value),
        }
    }

    #[cfg(loom)]
    pub(crate) fn new(value: T) -> Self {
        Racy {
            cell: loom::cell::UnsafeCell::new(value),
        }
    }

    /// Reads the value.
    ///
    /// # Safety
    ///
    /// No write to this cell by another thread may be concurrent with this read: the caller
    /// follows the protocol that guards the cell (named where the cell is declared).
    #[inline]
    pub(crate) unsafe fn get(&self) -> T {
        #[cfg(not(loom))]
        // SAFETY: the caller guarantees no concurrent write.
        return unsafe { *self.cell.get() };
        #[cfg(loom)]
        // SAFETY: as above; loom checks it.
        return self.cell.with(|value| unsafe { *value });
    }

    /// Writes the value.
    ///
    /// # Safety
    ///
    /// No other access to this cell by another thread may be concurrent with this write.
    #[inline]
    pub(crate) unsafe fn set(&self, value: T) {
        #[cfg(not(loom))]
        // SAFETY: the caller guarantees exclusive access.
        unsafe {
            *self.cell.get() = value
        };
        #[cfg(loom)]
        // SAFETY: as above; loom checks it.
        self.cell.with_mut(|cell| unsafe { *cell = value });
    }
}

use std::sync::PoisonError;

/// Locks a shard. Poison is ignored: nothing that can panic runs under a shard lock (no user
/// code, no allocation), so a poisoned lock could only come from a bug in this crate, and the
/// table it guards is updated in single steps that leave it consistent.
#[inline]
pub(crate) fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// The bugs a loom model plants in the protocol, one per model, to show the model catches it
/// (`loom_models.rs`). Outside the models' build, `planted` is `false` and compiles away.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Bug {
    /// No bug.
    #[cfg_attr(not(all(loom, test)), allow(dead_code))]
    None,
    /// A thread that is not a shard's writer puts the slot it clears on the writer's own list.
    ReturnToWritersList,
    /// A sole handle's drop does not check its count again under the lock.
    NoRecheckUnderLock,
    /// `WeakTracked::upgrade` reads the owner without the shard's lock.
    UpgradeWithoutLock,
    /// A clear by a thread that is not the writer, which empties the shard, frees its table.
    RetireWhileRemote,
    /// A keyed track that allocated a bigger slot table, then found room made meanwhile,
    /// forgets the table instead of freeing it.
    LoseUnusedSpare,
}

#[cfg(all(loom, test))]
std::thread_local! {
    /// The bug planted in the model running on this thread (loom runs a model's threads as
    /// coroutines on the thread that called `check`).
    static PLANTED: core::cell::Cell<Bug> = const { core::cell::Cell::new(Bug::None) };
}

/// Plants `bug` in the models this thread runs from now on.
#[cfg(all(loom, test))]
pub(crate) fn plant(bug: Bug) {
    PLANTED.with(|planted| planted.set(bug));
}

/// Whether `bug` is planted.
#[cfg(all(loom, test))]
pub(crate) fn planted(bug: Bug) -> bool {
    PLANTED.with(|planted| planted.get() == bug)
}

#[cfg(not(all(loom, test)))]
#[inline(always)]
pub(crate) fn planted(_bug: Bug) -> bool {
    false
}

// A `Racy` is written in single steps of `Copy` values: a panic never leaves one half-written.
impl<T: Copy> std::panic::RefUnwindSafe for Racy<T> {}
