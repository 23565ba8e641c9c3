//! A global allocator that counts bytes and allocations, but only while counting is switched on.
//!
//! Switched off (during every timing loop) it costs one relaxed load and a branch per call, the
//! same for our code and for every baseline. Switched on, it keeps the bytes requested and not
//! yet freed (`current`), their high-water mark (`peak`) and the number of allocations.
//!
//! A phase that counts must free only memory it allocated itself: memory allocated before
//! `start()` and freed after it would be subtracted without having been added. The memory
//! phases in `main.rs` therefore use fresh registries and pre-allocate their own buffers.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicBool, AtomicIsize, AtomicUsize, Ordering::Relaxed};

/// The allocator: the system allocator, plus counters.
pub struct Counting;

static ON: AtomicBool = AtomicBool::new(false);
static CURRENT: AtomicIsize = AtomicIsize::new(0);
static PEAK: AtomicIsize = AtomicIsize::new(0);
static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);

fn grew(bytes: usize) {
    let now = CURRENT.fetch_add(bytes as isize, Relaxed) + bytes as isize;
    PEAK.fetch_max(now, Relaxed);
    ALLOCATIONS.fetch_add(1, Relaxed);
}

fn shrank(bytes: usize) {
    CURRENT.fetch_sub(bytes as isize, Relaxed);
}

// SAFETY: every call is forwarded unchanged to `System`; the counters do not touch the memory.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: forwarded with the caller's guarantees.
        let ptr = unsafe { System.alloc(layout) };
        if !ptr.is_null() && ON.load(Relaxed) {
            grew(layout.size());
        }
        ptr
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: forwarded with the caller's guarantees.
        let ptr = unsafe { System.alloc_zeroed(layout) };
        if !ptr.is_null() && ON.load(Relaxed) {
            grew(layout.size());
        }
        ptr
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: forwarded with the caller's guarantees.
        unsafe { System.dealloc(ptr, layout) };
        if ON.load(Relaxed) {
            shrank(layout.size());
        }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: forwarded with the caller's guarantees.
        let new = unsafe { System.realloc(ptr, layout, new_size) };
        if !new.is_null() && ON.load(Relaxed) {
            shrank(layout.size());
            grew(new_size);
        }
        new
    }
}

/// Zeroes the counters and starts counting.
pub fn start() {
    CURRENT.store(0, Relaxed);
    PEAK.store(0, Relaxed);
    ALLOCATIONS.store(0, Relaxed);
    ON.store(true, Relaxed);
}

/// Stops counting; the counters keep their values.
pub fn stop() {
    ON.store(false, Relaxed);
}

/// Bytes allocated since `start()` and not freed yet.
pub fn current() -> isize {
    CURRENT.load(Relaxed)
}

/// The highest `current()` since `start()`.
pub fn peak() -> isize {
    PEAK.load(Relaxed)
}

/// Allocations (and reallocations) since `start()`.
pub fn allocations() -> usize {
    ALLOCATIONS.load(Relaxed)
}
