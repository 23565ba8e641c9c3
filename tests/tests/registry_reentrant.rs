//! A global allocator that calls into the registry on every allocation and free made by
//! `Tracked::new` and the last drop: nothing allocates or frees while a shard lock is held, so
//! this finishes (under a watchdog) instead of deadlocking.
//!
//! The allocator is process-wide, so this binary has one test, and the hook runs only on the
//! thread that arms it, never inside itself.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::thread;
use std::time::Duration;
use within_runtime::{Registry, Validated};

/// The owners of the test; the hook uses the same registry as the code it interrupts.
#[derive(Validated, Debug)]
struct Job {
    #[within(0, 1_000_000)]
    id: u32,
}

static JOBS: Registry<Job> = Registry::new();

thread_local! {
    /// Whether allocations of this thread run the hook. `const` and without `Drop`, so reading
    /// it from the allocator allocates nothing.
    static ARMED: Cell<bool> = const { Cell::new(false) };
    /// Whether the hook is running on this thread (it allocates too).
    static IN_HOOK: Cell<bool> = const { Cell::new(false) };
}

/// Hook runs, in all.
static HOOKS: AtomicUsize = AtomicUsize::new(0);
/// Owners the hook tracked (and dropped again).
static HOOK_TRACKS: AtomicUsize = AtomicUsize::new(0);

/// Calls every registry operation on `JOBS`, as a profiling or leak-hunting allocator might:
/// the counts, a census, a snapshot, and a track and last drop of an owner of its own.
fn hook() {
    let runs_hook =
        ARMED.try_with(Cell::get).unwrap_or(false) && !IN_HOOK.try_with(Cell::get).unwrap_or(true);
    if !runs_hook {
        return;
    }
    IN_HOOK.with(|flag| flag.set(true));
    // In a block, so that everything it made is freed before the flag is cleared.
    {
        HOOKS.fetch_add(1, Ordering::SeqCst);
        let len = JOBS.len();
        let stats = JOBS.stats();
        let census = JOBS.census();
        let live = JOBS.live();
        // One thread, and the hook never runs mid-update: every view agrees.
        assert_eq!((stats.live, census.total(), live.len()), (len, len, len));
        drop(live);
        let own = JOBS.track(Job::try_new(999_999).unwrap()).unwrap();
        HOOK_TRACKS.fetch_add(1, Ordering::SeqCst);
        drop(own);
        let _ = within_runtime::census();
    }
    IN_HOOK.with(|flag| flag.set(false));
}

struct Reentrant;

// SAFETY: every call is forwarded unchanged to `System`; the hook runs before an allocation or
// after a free, and never touches the memory being allocated or freed.
unsafe impl GlobalAlloc for Reentrant {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        hook();
        // SAFETY: forwarded with the caller's guarantees.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: forwarded with the caller's guarantees.
        unsafe { System.dealloc(ptr, layout) };
        hook();
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        hook();
        // SAFETY: forwarded with the caller's guarantees.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: Reentrant = Reentrant;

/// 300 owners tracked with the hook armed (their allocations, and the slot table growing from
/// 4 to 512 slots, each run the hook, which tracks into the same shard meanwhile), then dropped
/// with it armed (their frees, and the table's, run it too): no deadlock, and every count is
/// exact afterwards.
#[test]
fn allocator_that_calls_into_the_registry_does_not_deadlock() {
    const OWNERS: u32 = 300;
    let (done, outcome) = mpsc::channel();
    thread::spawn(move || {
        ARMED.with(|armed| armed.set(true));
        let mut held = Vec::with_capacity(OWNERS as usize);
        for id in 0..OWNERS {
            held.push(JOBS.track(Job::try_new(id).unwrap()).unwrap());
        }
        let hooks_while_tracking = HOOKS.load(Ordering::SeqCst);
        let tracked_while_tracking = JOBS.stats();
        drop(held);
        ARMED.with(|armed| armed.set(false));
        let _ = done.send((hooks_while_tracking, tracked_while_tracking));
    });
    let (hooks_while_tracking, stats) = match outcome.recv_timeout(Duration::from_secs(20)) {
        Ok(result) => result,
        Err(RecvTimeoutError::Timeout) => panic!("deadlock: no result after 20 s"),
        Err(RecvTimeoutError::Disconnected) => panic!("the tracking thread panicked"),
    };

    // One hook per owner allocation at least, plus the table's growth.
    assert!(
        hooks_while_tracking > OWNERS as usize,
        "{hooks_while_tracking}"
    );
    assert_eq!(stats.live, OWNERS as usize);
    let hooks = HOOKS.load(Ordering::SeqCst);
    assert!(hooks > hooks_while_tracking, "the drops ran it too");
    assert_eq!(
        HOOK_TRACKS.load(Ordering::SeqCst),
        hooks,
        "each hook tracked an owner"
    );
    let end = JOBS.stats();
    assert_eq!(end.live, 0);
    assert_eq!(end.tracked, u64::from(OWNERS) + hooks as u64);
    assert!(JOBS.census().rows().is_empty());
}
