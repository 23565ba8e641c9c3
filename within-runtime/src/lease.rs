//! Which shard a thread writes: a lease on one of `LEASES` shard numbers, the same number in
//! every registry, held from the thread's first `track` until it exits.
//!
//! A thread that holds lease `i` is the only one that claims slots in shard `i` of any
//! registry, so it claims them without the shard's lock. A thread without a lease (all are
//! taken, or its thread-locals are being destroyed) uses the shared shard, number `LEASES`,
//! under its lock.
//!
//! The lease lives in a `const`-initialized thread-local with a destructor that returns it, not
//! in a crate that would panic when asked from a late thread-local destructor: there
//! `try_with` fails and the thread uses the shared shard. Registering the destructor on first
//! use allocates nothing through the global allocator on the platforms std supports with
//! `__cxa_thread_atexit_impl` (Linux), so an allocator that tracks cannot re-enter here.

/// Shard numbers that can be leased; shard `LEASES` is the shared one.
pub(crate) const LEASES: usize = 15;

/// The shared shard's number.
pub(crate) const SHARED: usize = LEASES;

/// One shard per lease, and the shared one; each costs 128 bytes.
pub(crate) const SHARDS: usize = LEASES + 1;

#[cfg(not(loom))]
mod imp {
    use super::{LEASES, SHARED};
    use core::cell::Cell;
    use core::sync::atomic::{AtomicUsize, Ordering};

    /// The leases taken, one bit each. Never part of a registry's lock protocol.
    static TAKEN: AtomicUsize = AtomicUsize::new(0);

    /// Not asked yet.
    const UNASKED: usize = usize::MAX;

    /// A thread's lease, returned by its destructor when the thread exits.
    struct Lease(Cell<usize>);

    impl Drop for Lease {
        fn drop(&mut self) {
            let index = self.0.get();
            if index < LEASES {
                // Shards that other threads' drops emptied give their tables back now.
                // SAFETY: this thread holds the lease until the bit is cleared below.
                unsafe { crate::census::release_lease(index) };
                // `Release`: this thread's writes to its shards happen before the next
                // holder's, which acquires the bit.
                TAKEN.fetch_and(!(1 << index), Ordering::Release);
            }
        }
    }

    std::thread_local! {
        static LEASE: Lease = const { Lease(Cell::new(UNASKED)) };
    }

    /// Takes a free lease, or `SHARED` if none is free.
    fn take() -> usize {
        let mut taken = TAKEN.load(Ordering::Relaxed);
        loop {
            let free = !taken & ((1 << LEASES) - 1);
            if free == 0 {
                return SHARED;
            }
            let index = free.trailing_zeros() as usize;
            match TAKEN.compare_exchange_weak(
                taken,
                taken | (1 << index),
                Ordering::Acquire,
                Ordering::Relaxed,
            ) {
                Ok(_) => return index,
                Err(now) => taken = now,
            }
        }
    }

    /// The shard this thread claims slots in: its lease, taken on first use, or `SHARED`.
    #[inline]
    pub(crate) fn claim_shard() -> usize {
        LEASE
            .try_with(|lease| match lease.0.get() {
                UNASKED => {
                    let index = take();
                    lease.0.set(index);
                    index
                }
                index => index,
            })
            .unwrap_or(SHARED)
    }

    /// This thread's lease if it holds one; never takes one.
    #[inline]
    pub(crate) fn held() -> usize {
        LEASE.try_with(|lease| lease.0.get()).unwrap_or(SHARED)
    }
}

/// Under loom a model says which threads hold which lease (`assign`); a thread that was not
/// given one uses the shared shard.
#[cfg(loom)]
mod imp {
    use super::SHARED;
    use core::cell::Cell;

    loom::thread_local! {
        static LEASE: Cell<usize> = Cell::new(SHARED);
    }

    /// Gives the current model thread lease `index`.
    #[cfg(test)]
    pub(crate) fn assign(index: usize) {
        LEASE.with(|lease| lease.set(index));
    }

    pub(crate) fn claim_shard() -> usize {
        LEASE.with(Cell::get)
    }

    pub(crate) fn held() -> usize {
        LEASE.with(Cell::get)
    }
}

pub(crate) use imp::*;
