//! `WeakTracked`: upgrades while the owner lives and never after, is not counted as an owner,
//! and races with the last drop without bringing back a value being dropped; `violators()`;
//! tracking from thread-local destructors that run after the thread's shard lease is gone.
//!
//! Exact memory of weak handles is checked in `registry_memory.rs`.

use std::cell::RefCell;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, Barrier};
use std::thread;
use std::time::Duration;
use within_runtime::{Registry, Tracked, Validated, WeakTracked};
use within_tests::watchdog::no_deadlock;

/// A small owner.
#[derive(Validated, Debug)]
struct Item {
    #[within(0, 1_000_000)]
    id: u32,
}

fn item(id: u32) -> Item {
    Item::try_new(id).expect("id within range")
}

/// Upgrade gives the same owner while a handle lives and `None` after; clones of a weak handle
/// agree; `WeakTracked::new()` and `Default` never upgrade; Debug prints as `Weak` does.
#[test]
fn upgrade_while_alive_and_never_after() {
    static MINE: Registry<Item> = Registry::new();
    let owner = MINE.track(item(1)).unwrap();
    let weak = Tracked::downgrade(&owner);
    let second = Tracked::downgrade(&owner);
    let cloned = weak.clone();

    let up = weak.upgrade().expect("the owner lives");
    assert!(Tracked::ptr_eq(&up, &owner));
    assert_eq!(up.read().id(), 1);
    assert!(Tracked::ptr_eq(&second.upgrade().unwrap(), &owner));
    drop(owner);
    // The upgraded handle keeps the owner alive and registered.
    assert_eq!(MINE.len(), 1);
    assert_eq!(MINE.live().len(), 1);
    assert!(cloned.upgrade().is_some());
    drop(up);

    assert!(MINE.is_empty());
    assert!(weak.upgrade().is_none());
    assert!(cloned.upgrade().is_none());
    assert!(second.upgrade().is_none());
    assert!(WeakTracked::<Item>::new().upgrade().is_none());
    assert!(WeakTracked::<Item>::default().upgrade().is_none());
    assert_eq!(
        format!("{weak:?}"),
        format!("{:?}", std::sync::Weak::<u8>::new())
    );
    assert_eq!(format!("{:?}", WeakTracked::<Item>::new()), "(Weak)");
}

/// Weak handles are not owners: `len`, `live`, `stats` and `census` count only the owners with
/// a `Tracked` handle, and a weak handle's upgrade is counted while it is held.
#[test]
fn weak_handles_are_not_counted() {
    static MINE: Registry<Item> = Registry::new();
    let kept = MINE.track(item(1)).unwrap();
    let line = line!() - 1;
    let gone = MINE.track(item(2)).unwrap();
    let weaks: Vec<WeakTracked<Item>> = (0..10)
        .flat_map(|_| [Tracked::downgrade(&kept), Tracked::downgrade(&gone)])
        .collect();
    drop(gone);

    assert_eq!(MINE.len(), 1);
    assert_eq!(MINE.live().len(), 1);
    let stats = MINE.stats();
    assert_eq!((stats.live, stats.peak, stats.tracked), (1, 2, 2));
    assert_eq!(MINE.census().total(), 1);
    assert_eq!(within_runtime::census().live_at(file!(), line), 1);

    let upgraded: Vec<Tracked<Item>> = weaks.iter().filter_map(WeakTracked::upgrade).collect();
    assert_eq!(upgraded.len(), 10, "only the live owner upgrades");
    assert_eq!(MINE.len(), 1, "upgrades of one owner are one owner");
    drop((upgraded, kept));
    assert!(MINE.is_empty());
    assert_eq!(MINE.census().total(), 0);
    assert!(weaks.iter().all(|weak| weak.upgrade().is_none()));
}

/// An owner whose drops are counted, to check a value is dropped exactly once and never read
/// after.
#[derive(Validated)]
struct Counted {
    #[within(0, 1_000_000)]
    id: u32,
    drops: Arc<AtomicUsize>,
}

impl Drop for Counted {
    fn drop(&mut self) {
        self.drops.fetch_add(1, Ordering::SeqCst);
    }
}

/// Two threads, 20,000 rounds: one drops an owner's last handle while the other upgrades a
/// weak handle of it (both released by a barrier). An upgrade either fails or gives a handle
/// to a value not yet dropped, which stays registered and readable until that handle drops;
/// every value is dropped exactly once and the registry ends empty.
#[test]
fn upgrade_racing_the_last_drop_never_brings_back_a_dropped_value() {
    static RACE: Registry<Counted> = Registry::new();
    no_deadlock(
        "upgrade_racing_the_last_drop",
        Duration::from_secs(120),
        || {
            const ROUNDS: u32 = 20_000;
            let barrier = Arc::new(Barrier::new(2));
            let (send, receive) = mpsc::channel::<(Tracked<Counted>, Arc<AtomicUsize>)>();
            let dropper = {
                let barrier = Arc::clone(&barrier);
                thread::spawn(move || {
                    for (owner, _) in receive {
                        barrier.wait();
                        drop(owner);
                    }
                })
            };
            let mut upgraded = 0;
            for id in 0..ROUNDS {
                let drops = Arc::new(AtomicUsize::new(0));
                let owner = RACE
                    .track(Counted::try_new(id, Arc::clone(&drops)).unwrap())
                    .unwrap();
                let weak = Tracked::downgrade(&owner);
                send.send((owner, Arc::clone(&drops))).unwrap();
                barrier.wait();
                if let Some(handle) = weak.upgrade() {
                    upgraded += 1;
                    assert_eq!(drops.load(Ordering::SeqCst), 0, "upgraded a dropped value");
                    assert_eq!(handle.read().id(), id);
                    assert!(RACE.live().iter().any(|h| Tracked::ptr_eq(h, &handle)));
                    drop(handle);
                }
                // Whichever handle was last has dropped the value by now, or does so soon.
                while drops.load(Ordering::SeqCst) == 0 {
                    thread::yield_now();
                }
                assert!(weak.upgrade().is_none());
                assert_eq!(drops.load(Ordering::SeqCst), 1);
            }
            drop(send);
            dropper.join().unwrap();
            assert!(RACE.is_empty());
            let stats = RACE.stats();
            assert_eq!((stats.live, stats.tracked), (0, u64::from(ROUNDS)));
            println!("{upgraded} of {ROUNDS} upgrades won the race");
        },
    );
}

/// An exam whose marks the test can push out of range directly (it is in the defining module),
/// as a lowered limit would.
#[derive(Validated, Debug)]
struct Exam {
    #[within(0, 100)]
    math: u32,
}

/// `violators()` returns exactly the live owners that break a rule now, each with its error and
/// its creation site, and no owner that was dropped.
#[test]
fn violators_are_exactly_the_breaking_owners() {
    static EXAMS: Registry<Exam> = Registry::new();
    let fine = EXAMS.track(Exam::try_new(50).unwrap()).unwrap();
    let broken = EXAMS.track(Exam::try_new(60).unwrap()).unwrap();
    let line = line!() - 1;
    let dropped = EXAMS.track(Exam::try_new(70).unwrap()).unwrap();
    assert!(EXAMS.violators().is_empty());

    broken.write().math = 101;
    dropped.write().math = 102;
    drop(dropped);
    let found = EXAMS.violators();
    assert_eq!(found.len(), 1);
    let (owner, invalid) = &found[0];
    assert!(Tracked::ptr_eq(owner, &broken));
    assert_eq!(Tracked::site(owner).line(), line);
    assert_eq!(invalid.errors().len(), 1);
    assert_eq!(
        invalid.to_string(),
        "Exam.math must be within [0, 100], got 101"
    );
    drop(found);
    fine.write().math = 200;
    assert_eq!(EXAMS.violators().len(), 2);
}

/// An owner whose `Drop` asks its registry for the violators (and takes a snapshot).
#[derive(Validated)]
struct Auditor {
    #[within(0, 100)]
    level: u32,
    seen: Arc<AtomicUsize>,
}

static AUDITED: Registry<Auditor> = Registry::new();

impl Drop for Auditor {
    fn drop(&mut self) {
        let found = AUDITED.violators();
        self.seen.fetch_add(found.len(), Ordering::SeqCst);
        drop(found);
    }
}

/// A `Drop` that calls `violators()` on its own registry (while other owners break a rule, so
/// it gets handles and drops them) does not deadlock.
#[test]
fn drop_that_calls_violators_does_not_deadlock() {
    no_deadlock("drop_that_calls_violators", Duration::from_secs(20), || {
        let seen = Arc::new(AtomicUsize::new(0));
        let owners: Vec<_> = (0..4)
            .map(|level| {
                AUDITED
                    .track(Auditor::try_new(level, Arc::clone(&seen)).unwrap())
                    .unwrap()
            })
            .collect();
        owners[0].write().level = 500;
        owners[1].write().level = 600;
        let mut owners = owners.into_iter();
        let (a, b, c, d) = (
            owners.next().unwrap(),
            owners.next().unwrap(),
            owners.next().unwrap(),
            owners.next().unwrap(),
        );
        drop(c); // sees a and b
        drop(d); // sees a and b
        drop(a); // sees b
        drop(b); // sees none
        assert_eq!(seen.load(Ordering::SeqCst), 5);
        assert!(AUDITED.is_empty());
    });
}

/// A thread-local whose destructor tracks and drops owners. Its first use comes before the
/// thread's first `track`, so its destructor runs after the thread's shard lease is returned.
struct Late {
    held: RefCell<Vec<Tracked<Item>>>,
}

static LATE: Registry<Item> = Registry::new();
static LATE_DONE: AtomicUsize = AtomicUsize::new(0);

impl Drop for Late {
    fn drop(&mut self) {
        let fresh = LATE.track(item(7)).expect("track from a late destructor");
        let weak = Tracked::downgrade(&fresh);
        assert_eq!(weak.upgrade().unwrap().read().id(), 7);
        drop(fresh);
        assert!(weak.upgrade().is_none());
        self.held.borrow_mut().clear();
        LATE_DONE.fetch_add(1, Ordering::SeqCst);
    }
}

thread_local! {
    static LATE_HOLDER: Late = const { Late { held: RefCell::new(Vec::new()) } };
}

/// `track`, `downgrade`, `upgrade` and last drops from a thread-local destructor that runs after
/// the thread gave back its shard lease work, and leave the counts exact.
#[test]
fn tracking_from_a_late_thread_local_destructor_works() {
    no_deadlock("late_destructor", Duration::from_secs(20), || {
        thread::spawn(|| {
            LATE_HOLDER.with(|late| late.held.borrow_mut().clear());
            let owners: Vec<_> = (0..10).map(|id| LATE.track(item(id)).unwrap()).collect();
            LATE_HOLDER.with(|late| late.held.borrow_mut().extend(owners));
            assert_eq!(LATE.len(), 10);
        })
        .join()
        .unwrap();
        assert_eq!(LATE_DONE.load(Ordering::SeqCst), 1);
        let stats = LATE.stats();
        assert_eq!((stats.live, stats.tracked), (0, 11));
        assert!(LATE.live().is_empty());
    });
}

/// More threads than there are shard leases track at once (the ones without a lease claim in
/// the shared shard, under its lock), each holding 500 owners and a weak handle to each; the
/// owners are then dropped by other threads. Counts, snapshots and the census are exact at
/// every quiescent point, every weak handle fails afterwards, and the registry ends empty.
#[test]
fn more_threads_than_leases_count_exactly() {
    static CROWD: Registry<Item> = Registry::new();
    no_deadlock("more_threads_than_leases", Duration::from_secs(120), || {
        const THREADS: usize = 24;
        const EACH: u32 = 500;
        let barrier = Arc::new(Barrier::new(THREADS + 1));
        let (send, receive) = mpsc::channel::<Vec<Tracked<Item>>>();
        let threads: Vec<_> = (0..THREADS)
            .map(|t| {
                let (barrier, send) = (Arc::clone(&barrier), send.clone());
                thread::spawn(move || {
                    let owners: Vec<_> = (0..EACH)
                        .map(|i| CROWD.track(item(t as u32 * EACH + i)).unwrap())
                        .collect();
                    let weaks: Vec<_> = owners.iter().map(Tracked::downgrade).collect();
                    barrier.wait(); // every thread holds its owners: all leases taken
                    barrier.wait(); // the main thread has counted
                    send.send(owners).unwrap();
                    weaks
                })
            })
            .collect();
        drop(send);
        barrier.wait();
        let total = THREADS * EACH as usize;
        assert_eq!(CROWD.len(), total);
        assert_eq!(CROWD.live().len(), total);
        assert_eq!(CROWD.census().total(), total);
        let stats = CROWD.stats();
        assert_eq!((stats.live, stats.tracked), (total, total as u64));
        assert!(stats.peak >= total);
        barrier.wait();
        // The owners drop on two other threads than the ones that tracked them.
        let mut left: Vec<_> = receive.iter().collect();
        let right = left.split_off(THREADS / 2);
        let droppers = [
            thread::spawn(move || drop(left)),
            thread::spawn(move || drop(right)),
        ];
        for dropper in droppers {
            dropper.join().unwrap();
        }
        let weaks: Vec<_> = threads.into_iter().map(|t| t.join().unwrap()).collect();
        assert!(weaks.iter().flatten().all(|weak| weak.upgrade().is_none()));
        assert!(CROWD.is_empty());
        assert!(CROWD.live().is_empty());
        assert_eq!(CROWD.census().total(), 0);
        assert_eq!(CROWD.stats().tracked, total as u64);
    });
}
