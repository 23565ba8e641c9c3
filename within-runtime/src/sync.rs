//! The synchronization primitives the registry protocol uses: std's, or loom's when the
//! protocol is model-checked (`RUSTFLAGS="--cfg loom"`, see `.ci/run`). Only what takes part
//! in the protocol (the shard locks, the shards' counts, the owners' handle counts) comes from
//! here; loom's versions are not `const`, so under loom `Registry::new` is not either.
//!
//! The shard lock is `std::sync::Mutex`. Measured side by side (`bench/src/locks.rs`, track +
//! drop's work on a shard, ns per operation, 2-core EPYC; see `bench/RESULTS.md`): alone on a
//! shard, std 49.9, `parking_lot::Mutex` 51.6, the lock this crate used to have 37.4 (it
//! released with a plain store; both standard locks release with an atomic read-modify-write);
//! one shard per thread, 2 threads: 25.4 / 26.2 / 18.8; 8 threads on one shard: 347 / 114 / 213.
//! std wins over `parking_lot` on what matters here: it costs the same when uncontended (the
//! sharding keeps threads apart), it never allocates, even while waiting (parking_lot may grow
//! its table of parked threads then, which a re-entrant allocator could not call through), it
//! is `const` and loom mirrors its API, and it adds no dependency. The old lock's 12 ns and
//! its 165 lines of `unsafe` were given up for a standard one.

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
