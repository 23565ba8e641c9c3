//! The synchronization primitives the registry protocol uses: std's, or loom's when the
//! protocol is model-checked (`RUSTFLAGS="--cfg loom"`, see `.ci/run`). Only what takes part
//! in the protocol (the shard locks, the shards' counts, the owners' handle counts) comes from
//! here; loom's versions are not `const`, so under loom `Registry::new` is not either.
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
pub(crate) use loom::sync::atomic::AtomicUsize;
#[cfg(loom)]
pub(crate) use loom::sync::{Mutex, MutexGuard};

#[cfg(not(loom))]
pub(crate) use std::sync::atomic::AtomicUsize;
#[cfg(not(loom))]
pub(crate) use std::sync::{Mutex, MutexGuard};

use std::sync::PoisonError;

/// Locks a shard. Poison is ignored: nothing that can panic runs under a shard lock (no user
/// code, no allocation), so a poisoned lock could only come from a bug in this crate, and the
/// table it guards is updated in single steps that leave it consistent.
#[inline]
pub(crate) fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}
