//! The synchronization primitives the registry protocol uses: std's, or loom's when the
//! protocol is model-checked (`RUSTFLAGS="--cfg loom"`, see `.ci/run`). Only what takes part
//! in the protocol (the shard locks, the shards' counts, the owners' handle counts) comes from
//! here; loom's versions are not `const`, so under loom `Registry::new` is not either.

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
