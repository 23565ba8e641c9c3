//! Integration tests of `Registry<T>` and `Tracked<T>`: the seed scenario, handle semantics,
//! generic registries, concurrency, re-entrancy without deadlock, and panics in user code.
//!
//! Tests in one binary run in parallel, so each test tracks its owners in a registry of its own
//! (a `static` inside the test) or through `T::registry()` of a type only that test uses.
//! Exact memory figures are checked in `registry_memory.rs`, which has its own allocator.

use std::collections::BTreeSet;
use std::panic::{self, AssertUnwindSafe};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Barrier, Mutex};
use std::thread;
use std::time::Duration;
use within_runtime::{Registry, Tracked, Validated};
use within_tests::watchdog::no_deadlock as no_deadlock_within;

/// The seed scenario's type: three marks that must stay within 0..=100.
#[derive(Validated, Debug, Clone, PartialEq)]
struct Exam {
    #[within(0, 100)]
    math: u32,
    #[within(0, 100)]
    physics: u32,
    #[within(0, 100)]
    chemistry: u32,
}

/// A valid exam with the given marks; panics if they are out of range.
fn exam(math: u32, physics: u32, chemistry: u32) -> Exam {
    Exam::try_new(math, physics, chemistry).expect("marks within 0..=100")
}

/// The marks of every owner alive in `registry`, sorted, read through a `live()` snapshot.
fn live_marks(registry: &Registry<Exam>) -> Vec<(u32, u32, u32)> {
    let mut marks: Vec<_> = registry
        .live()
        .iter()
        .map(|handle| {
            let exam = handle.read();
            (exam.math(), exam.physics(), exam.chemistry())
        })
        .collect();
    marks.sort_unstable();
    marks
}

/// How long a case guarded by [`no_deadlock`] may take before it counts as deadlocked. Every
/// such case finishes in milliseconds; the margin is for a machine busy compiling.
const DEADLOCK_TIMEOUT: Duration = Duration::from_secs(10);

/// [`no_deadlock_within`] with the default [`DEADLOCK_TIMEOUT`].
fn no_deadlock<F>(name: &str, case: F)
where
    F: FnOnce() + Send + 'static,
{
    no_deadlock_within(name, DEADLOCK_TIMEOUT, case);
}

// ---------------------------------------------------------------------------------------------
// 1. The seed scenario and handle semantics
// ---------------------------------------------------------------------------------------------

/// The seed scenario in a registry of its own: three exams tracked and edited through `write()`
/// (a rejected mark changes nothing); dropping one leaves two, dropping all leaves none.
#[test]
fn seed_scenario_three_exams_then_drop_one_then_all() {
    static MINE: Registry<Exam> = Registry::new();
    assert!(MINE.is_empty());

    let alice = MINE.track(exam(95, 92, 88)).unwrap();
    let bob = MINE.track(exam(70, 80, 90)).unwrap();
    let carol = MINE.track(exam(50, 60, 70)).unwrap();
    assert_eq!(MINE.len(), 3);

    alice.write().set_math(98).unwrap();
    bob.write().set_physics(99).unwrap();
    let err = carol.write().set_chemistry(101).unwrap_err();
    assert_eq!(
        err.to_string(),
        "Exam.chemistry must be within [0, 100], got 101"
    );
    assert_eq!(*alice.read(), exam(98, 92, 88));
    assert_eq!(*bob.read(), exam(70, 99, 90));
    assert_eq!(
        *carol.read(),
        exam(50, 60, 70),
        "a rejected mark changes nothing"
    );
    assert_eq!(
        live_marks(&MINE),
        [(50, 60, 70), (70, 99, 90), (98, 92, 88)]
    );

    drop(bob);
    assert_eq!(MINE.len(), 2);
    assert_eq!(live_marks(&MINE), [(50, 60, 70), (98, 92, 88)]);

    drop(alice);
    drop(carol);
    assert!(MINE.is_empty());
    assert_eq!(MINE.len(), 0);
    assert!(MINE.live().is_empty());
}

/// A type tracked only by `tracked_new_registers_in_the_types_own_registry`.
#[derive(Validated, Debug)]
struct Solo {
    #[within(1, 10)]
    level: u8,
}

/// `Tracked::new` registers in `T::registry()`, which is one `'static` registry per type, the
/// same one the handle reports; the last drop empties it.
#[test]
fn tracked_new_registers_in_the_types_own_registry() {
    assert!(Solo::registry().is_empty());
    assert!(std::ptr::eq(Solo::registry(), Solo::registry()));

    let first = Tracked::new(Solo::try_new(3).unwrap()).unwrap();
    assert_eq!(Solo::registry().len(), 1);
    assert!(std::ptr::eq(Tracked::registry(&first), Solo::registry()));

    let second = Tracked::new(Solo::try_new(10).unwrap()).unwrap();
    assert_eq!(Solo::registry().len(), 2);
    let mut levels: Vec<u8> = Solo::registry()
        .live()
        .iter()
        .map(|handle| handle.read().level())
        .collect();
    levels.sort_unstable();
    assert_eq!(levels, [3, 10]);

    drop(first);
    assert_eq!(Solo::registry().len(), 1);
    drop(second);
    assert!(Solo::registry().is_empty());
}

/// A type used only by `invalid_value_is_rejected_and_registers_nothing`.
#[derive(Validated, Debug)]
struct Strict {
    #[within(0, 100)]
    a: u32,
    #[within(0, 100)]
    b: u32,
    #[within(0, 100)]
    c: u32,
}

/// A value that fails validation (built with a struct literal, around the checks) is refused
/// by `Tracked::new` and by `Registry::track` with every failing field, and nothing is
/// registered; a valid value afterwards is registered normally.
#[test]
fn invalid_value_is_rejected_and_registers_nothing() {
    let err = Tracked::new(Strict {
        a: 101,
        b: 7,
        c: 200,
    })
    .unwrap_err();
    let fields: Vec<&str> = err.errors().iter().map(|e| e.field()).collect();
    assert_eq!(fields, ["a", "c"]);
    assert!(err.errors().iter().all(|e| e.owner() == "Strict"));
    assert!(Strict::registry().is_empty());
    assert!(Strict::registry().live().is_empty());

    static MINE: Registry<Exam> = Registry::new();
    let err = MINE
        .track(Exam {
            math: 0,
            physics: 0,
            chemistry: 101,
        })
        .unwrap_err();
    assert_eq!(err.errors().len(), 1);
    assert_eq!(err.errors()[0].field(), "chemistry");
    assert!(MINE.is_empty());
    assert!(MINE.live().is_empty());

    let ok = Tracked::new(Strict::try_new(1, 2, 3).unwrap()).unwrap();
    assert_eq!(Strict::registry().len(), 1);
    drop(ok);
    assert!(Strict::registry().is_empty());
}

/// `Tracked::ptr_eq` is identity, not equality: clones and `live()` handles of one owner are
/// equal, two owners with equal values are not.
#[test]
fn ptr_eq_is_owner_identity() {
    static MINE: Registry<Exam> = Registry::new();
    let one = MINE.track(exam(1, 2, 3)).unwrap();
    let twin = MINE.track(exam(1, 2, 3)).unwrap();
    let clone = one.clone();

    assert_eq!(*one.read(), *twin.read());
    assert!(!Tracked::ptr_eq(&one, &twin));
    assert!(Tracked::ptr_eq(&one, &clone));
    assert!(Tracked::ptr_eq(&clone, &one));

    let snapshot = MINE.live();
    assert_eq!(snapshot.len(), 2);
    assert_eq!(
        snapshot.iter().filter(|h| Tracked::ptr_eq(h, &one)).count(),
        1
    );
    assert_eq!(
        snapshot
            .iter()
            .filter(|h| Tracked::ptr_eq(h, &twin))
            .count(),
        1
    );
    drop((snapshot, one, twin, clone));
    assert!(MINE.is_empty());
}

/// Clones share one owner: a write through one is seen through the other, cloning does not
/// register anything new, and the owner lives until its last clone drops.
#[test]
fn clones_share_one_owner() {
    static MINE: Registry<Exam> = Registry::new();
    let original = MINE.track(exam(10, 20, 30)).unwrap();
    let clones: Vec<_> = (0..5).map(|_| original.clone()).collect();
    assert_eq!(MINE.len(), 1);
    assert_eq!(MINE.live().len(), 1);

    clones[3].write().set_physics(77).unwrap();
    assert_eq!(original.read().physics(), 77);
    assert!(clones.iter().all(|c| c.read().physics() == 77));

    drop(original);
    assert_eq!(MINE.len(), 1, "the clones keep the owner alive");
    assert_eq!(clones[0].read().math(), 10);
    let mut clones = clones;
    while clones.len() > 1 {
        clones.pop();
        assert_eq!(MINE.len(), 1);
    }
    drop(clones);
    assert!(MINE.is_empty());
}

/// A `live()` snapshot holds real handles: owners whose other handles all dropped stay alive
/// and readable until the snapshot's handles go, and owners tracked later are not in it.
#[test]
fn live_snapshot_keeps_its_owners_alive() {
    static MINE: Registry<Exam> = Registry::new();
    let a = MINE.track(exam(1, 1, 1)).unwrap();
    let b = MINE.track(exam(2, 2, 2)).unwrap();

    let mut snapshot = MINE.live();
    assert_eq!(snapshot.len(), 2);
    let later = MINE.track(exam(3, 3, 3)).unwrap();
    assert_eq!(snapshot.len(), 2, "a snapshot is not updated");
    assert!(!snapshot.iter().any(|h| Tracked::ptr_eq(h, &later)));

    drop((a, b, later));
    assert_eq!(MINE.len(), 2, "the snapshot keeps both owners alive");
    snapshot.sort_by_key(|h| h.read().math());
    assert_eq!(*snapshot[0].read(), exam(1, 1, 1));
    assert_eq!(*snapshot[1].read(), exam(2, 2, 2));
    snapshot[1].write().set_math(20).unwrap();
    assert_eq!(live_marks(&MINE), [(1, 1, 1), (20, 2, 2)]);

    snapshot.truncate(1);
    assert_eq!(MINE.len(), 1);
    drop(snapshot);
    assert!(MINE.is_empty());
}

/// A generic struct: the marked field has a concrete type, the unmarked ones are generic.
#[derive(Validated, Debug)]
struct Pair<T> {
    #[within(0, 9)]
    rank: u8,
    left: T,
    right: T,
}

/// Each instantiation of a generic struct has its own default registry: `Pair<u8>` and
/// `Pair<u16>` are counted apart and emptied apart, and each registry is a stable `'static`.
#[test]
fn generic_struct_has_one_registry_per_instantiation() {
    let small = Pair::<u8>::registry();
    let wide = Pair::<u16>::registry();
    assert!(std::ptr::eq(small, Pair::<u8>::registry()));
    assert!(!std::ptr::eq(
        small as *const Registry<Pair<u8>> as *const (),
        wide as *const Registry<Pair<u16>> as *const ()
    ));

    let a = Tracked::new(Pair::try_new(1, 2u8, 3u8).unwrap()).unwrap();
    let b = Tracked::new(Pair::try_new(9, 4u8, 5u8).unwrap()).unwrap();
    let c = Tracked::new(Pair::try_new(0, 600u16, 700u16).unwrap()).unwrap();
    assert!(std::ptr::eq(Tracked::registry(&a), small));
    assert!(std::ptr::eq(Tracked::registry(&c), wide));
    assert_eq!(small.len(), 2);
    assert_eq!(wide.len(), 1);
    assert!(Pair::<u32>::registry().is_empty());

    let wide_live = wide.live();
    assert_eq!(wide_live.len(), 1);
    let pair = wide_live[0].read();
    assert_eq!((pair.rank(), pair.left, pair.right), (0, 600, 700));
    drop(pair);
    drop(wide_live);

    drop(c);
    assert!(wide.is_empty());
    assert_eq!(small.len(), 2, "dropping a Pair<u16> leaves Pair<u8> alone");
    assert_eq!(b.read().left + b.read().right, 9);
    drop((a, b));
    assert!(small.is_empty());
}

// ---------------------------------------------------------------------------------------------
// 3. Threads
// ---------------------------------------------------------------------------------------------

/// One owner in the concurrency test, identified by its worker and serial number.
#[derive(Validated, Debug)]
struct Ticket {
    #[within(0, 3)]
    worker: u32,
    #[within(0, 999_999)]
    serial: u32,
}

/// Threads tracking, cloning and dropping tickets at once.
const WORKERS: u32 = 4;
/// Rounds of work, each followed by a quiescent check.
const ROUNDS: u32 = 6;
/// Tickets each worker tracks per round.
const PER_ROUND: u32 = 200;

/// Whether ticket `serial` is still alive after round `round` by the workers' rule: a ticket
/// is kept if its index in its round is even, and from the next round on only if
/// `serial % 3 != 0`.
fn ticket_alive_after(serial: u32, round: u32) -> bool {
    let born = serial / PER_ROUND;
    born <= round
        && (serial % PER_ROUND).is_multiple_of(2)
        && (born == round || !serial.is_multiple_of(3))
}

/// Four workers track, clone and drop tickets concurrently while a fifth thread loops over
/// `live()` and `len()` (and holds clones of what it sees, so some owners' last handle drops
/// on that thread). At a quiescent point after every round (a barrier) the registry's `len()`
/// and `live()` match the expected set of (worker, serial) exactly; at the end it is empty,
/// and no snapshot taken mid-flight held a duplicate or an impossible ticket.
#[test]
fn concurrent_track_clone_drop_with_live_reader_counts_exactly() {
    static TICKETS: Registry<Ticket> = Registry::new();

    no_deadlock_within(
        "concurrent_track_clone_drop",
        Duration::from_secs(120),
        || {
            // Workers, the reader and this coordinating thread meet here twice a round.
            static BARRIER: Barrier = Barrier::new(WORKERS as usize + 2);
            static DONE: AtomicUsize = AtomicUsize::new(0);
            static STOP: AtomicBool = AtomicBool::new(false);
            static SNAPSHOTS: AtomicUsize = AtomicUsize::new(0);
            static PROBLEM: Mutex<Option<String>> = Mutex::new(None);

            /// Records the first thing the reader saw wrong; the reader itself must not panic,
            /// or everyone else would wait at the barrier forever.
            fn report(problem: String) {
                PROBLEM.lock().unwrap().get_or_insert(problem);
            }

            let workers: Vec<_> = (0..WORKERS)
                .map(|worker| {
                    thread::spawn(move || {
                        let mut kept: Vec<Tracked<Ticket>> = Vec::new();
                        for round in 0..ROUNDS {
                            // Drop, from earlier rounds, the tickets the rule says must go.
                            kept.retain(|t| !t.read().serial().is_multiple_of(3));
                            let mut fresh = Vec::new();
                            for i in 0..PER_ROUND {
                                let serial = round * PER_ROUND + i;
                                let ticket = TICKETS
                                    .track(Ticket::try_new(worker, serial).unwrap())
                                    .unwrap();
                                fresh.push((i, ticket.clone(), ticket));
                            }
                            // Originals go; the clone of an even index survives, of an odd
                            // index dies with it (its last handle is that clone).
                            for (i, clone, original) in fresh {
                                drop(original);
                                if i.is_multiple_of(2) {
                                    kept.push(clone);
                                }
                            }
                            DONE.fetch_add(1, Ordering::SeqCst);
                            BARRIER.wait(); // quiescent: the coordinator checks
                            BARRIER.wait(); // checked: go on
                        }
                        drop(kept);
                    })
                })
                .collect();

            let reader = thread::spawn(|| {
                let mut round = 0;
                let mut held: Vec<Tracked<Ticket>> = Vec::new();
                while !STOP.load(Ordering::SeqCst) {
                    let snapshot = TICKETS.live();
                    let len = TICKETS.len();
                    let max = (WORKERS * ROUNDS * PER_ROUND) as usize;
                    if snapshot.len() > max || len > max {
                        report(format!("snapshot {} / len {len} > {max}", snapshot.len()));
                    }
                    let mut seen = BTreeSet::new();
                    for handle in &snapshot {
                        let ticket = handle.read();
                        let id = (ticket.worker(), ticket.serial());
                        if ticket.validate().is_err()
                            || id.1 >= ROUNDS * PER_ROUND
                            || !seen.insert(id)
                        {
                            report(format!("bad or duplicate ticket {id:?} in a snapshot"));
                        }
                    }
                    // Keep a few handles until the next pass, so owners sometimes die here.
                    held.clear();
                    held.extend(snapshot.iter().step_by(7).cloned());
                    drop(snapshot);
                    SNAPSHOTS.fetch_add(1, Ordering::SeqCst);
                    if round < ROUNDS
                        && DONE.load(Ordering::SeqCst) == (WORKERS * (round + 1)) as usize
                    {
                        held.clear();
                        BARRIER.wait();
                        BARRIER.wait();
                        round += 1;
                    }
                    thread::yield_now();
                }
            });

            for round in 0..ROUNDS {
                BARRIER.wait();
                let expected: BTreeSet<(u32, u32)> = (0..WORKERS)
                    .flat_map(|w| (0..ROUNDS * PER_ROUND).map(move |s| (w, s)))
                    .filter(|&(_, s)| ticket_alive_after(s, round))
                    .collect();
                assert_eq!(TICKETS.len(), expected.len(), "len after round {round}");
                let seen: Vec<(u32, u32)> = TICKETS
                    .live()
                    .iter()
                    .map(|h| (h.read().worker(), h.read().serial()))
                    .collect();
                assert_eq!(seen.len(), expected.len(), "live() after round {round}");
                assert_eq!(
                    seen.into_iter().collect::<BTreeSet<_>>(),
                    expected,
                    "live() owners after round {round}"
                );
                BARRIER.wait();
            }

            for worker in workers {
                worker.join().unwrap();
            }
            STOP.store(true, Ordering::SeqCst);
            reader.join().unwrap();

            assert_eq!(*PROBLEM.lock().unwrap(), None);
            assert!(SNAPSHOTS.load(Ordering::SeqCst) >= ROUNDS as usize);
            assert!(TICKETS.is_empty());
            assert!(TICKETS.live().is_empty());
        },
    );
}

// ---------------------------------------------------------------------------------------------
// 4. No deadlock
// ---------------------------------------------------------------------------------------------

/// Dropping an owner's last handle while a `live()` snapshot is held, and dropping the
/// snapshot itself (whose handles are then the last ones), takes the registry's lock once per
/// owner without ever blocking, and counts exactly at every step.
#[test]
fn last_handle_dropped_while_snapshot_held_or_being_dropped() {
    no_deadlock("snapshot_drops", || {
        static MINE: Registry<Exam> = Registry::new();
        let a = MINE.track(exam(1, 1, 1)).unwrap();
        let b = MINE.track(exam(2, 2, 2)).unwrap();
        let snapshot = MINE.live();

        let c = MINE.track(exam(3, 3, 3)).unwrap();
        assert_eq!(MINE.len(), 3);
        drop(c); // a real last-handle drop while the snapshot is held
        assert_eq!(MINE.len(), 2);
        drop((a, b)); // not the last: the snapshot holds them
        assert_eq!(MINE.len(), 2);

        let inner = MINE.live(); // a second snapshot, taken while the first is held
        assert_eq!(inner.len(), 2);
        drop(snapshot);
        assert_eq!(MINE.len(), 2);
        drop(inner); // the last handles of both, dropped one by one inside Vec's drop
        assert!(MINE.is_empty());
        assert!(MINE.live().is_empty());
    });
}

/// What each `Reentrant` drop saw: its own id, `len()`, and the ids in `live()`.
type Observation = (u32, usize, Vec<u32>);

static REENTRANT_SEEN: Mutex<Vec<Observation>> = Mutex::new(Vec::new());

/// A type whose `Drop` reads its own default registry, `len()` and `live()`.
#[derive(Validated, Debug)]
struct Reentrant {
    #[within(0, 99)]
    id: u32,
}

impl Drop for Reentrant {
    /// Records what the registry looks like from inside the drop of one of its owners; the
    /// handles from `live()` are dropped here too, inside this drop.
    fn drop(&mut self) {
        let len = Self::registry().len();
        let mut ids: Vec<u32> = Self::registry()
            .live()
            .iter()
            .map(|h| h.read().id())
            .collect();
        ids.sort_unstable();
        REENTRANT_SEEN.lock().unwrap().push((self.id, len, ids));
    }
}

/// A `Drop` of `T` that calls `T::registry().len()` and `live()` runs with no registry lock
/// held: it does not deadlock, whether the owner dies directly or inside a snapshot's drop,
/// and it already sees the registry without itself (`len()` and `live()` agree).
#[test]
fn drop_impl_that_reads_the_registry_does_not_deadlock() {
    no_deadlock("reentrant_drop", || {
        let handles: Vec<_> = (0..3)
            .map(|id| Tracked::new(Reentrant::try_new(id).unwrap()).unwrap())
            .collect();
        let mut handles = handles.into_iter();
        drop(handles.next()); // owner 0 dies directly
        assert_eq!(Reentrant::registry().len(), 2);

        let snapshot = Reentrant::registry().live();
        drop(handles); // owners 1 and 2 now live only in the snapshot
        assert_eq!(Reentrant::registry().len(), 2);
        drop(snapshot); // both die inside the snapshot's drop
        assert!(Reentrant::registry().is_empty());

        let seen = std::mem::take(&mut *REENTRANT_SEEN.lock().unwrap());
        assert_eq!(seen.len(), 3, "{seen:?}");
        assert_eq!(seen[0], (0, 2, vec![1, 2]));
        // The snapshot's order is unspecified: whichever of 1 and 2 died first saw the other.
        let (first, second) = (&seen[1], &seen[2]);
        assert_eq!(first.1, 1);
        assert_eq!(first.2, vec![second.0]);
        assert_eq!(*second, (second.0, 0, vec![]));
        assert_eq!(BTreeSet::from([first.0, second.0]), BTreeSet::from([1, 2]));
    });
}

/// Holding one owner's `write()` guard does not stop other owners from dying, nor `len()`,
/// `live()` or `track()` from working: the registry's lock is never held with a guard.
#[test]
fn owner_dropped_while_another_owners_write_guard_is_held() {
    no_deadlock("drop_under_guard", || {
        static MINE: Registry<Exam> = Registry::new();
        let held = MINE.track(exam(10, 10, 10)).unwrap();
        let held_clone = held.clone();
        let other = MINE.track(exam(20, 20, 20)).unwrap();

        let mut guard = held.write();
        guard.set_math(11).unwrap();
        drop(other); // last handle of another owner
        assert_eq!(MINE.len(), 1);
        drop(held_clone); // a handle of the guarded owner itself, not the last
        assert_eq!(MINE.len(), 1);
        let snapshot = MINE.live(); // includes the guarded owner; we do not read it
        assert_eq!(snapshot.len(), 1);
        assert!(Tracked::ptr_eq(&snapshot[0], &held));
        drop(snapshot);
        let extra = MINE.track(exam(30, 30, 30)).unwrap();
        assert_eq!(MINE.len(), 2);
        assert_eq!(extra.read().math(), 30);
        drop(extra);
        guard.set_physics(12).unwrap();
        drop(guard);

        assert_eq!(*held.read(), exam(11, 12, 10));
        drop(held);
        assert!(MINE.is_empty());
    });
}

/// An owner that holds other owners of its own type; `children` is unmarked.
#[derive(Validated)]
struct Node {
    #[within(0, 100_000)]
    depth: u32,
    children: Vec<Tracked<Node>>,
}

/// Owners holding owners of the same type, in a 2,000-long chain and in a diamond (a child
/// shared by two parents), die as a chain when the head drops: each last-handle drop runs
/// inside the previous owner's drop, with no lock held, and the registry ends empty.
#[test]
fn chain_of_owners_holding_owners_drops_without_deadlock() {
    no_deadlock("drop_chain", || {
        static NODES: Registry<Node> = Registry::new();
        const LENGTH: u32 = 2_000;

        let mut head = NODES.track(Node::try_new(0, Vec::new()).unwrap()).unwrap();
        for depth in 1..LENGTH {
            head = NODES
                .track(Node::try_new(depth, vec![head]).unwrap())
                .unwrap();
        }
        assert_eq!(NODES.len(), LENGTH as usize);
        assert_eq!(head.read().depth(), LENGTH - 1);
        assert_eq!(head.read().children.len(), 1);

        // A diamond on top: two parents share the chain's head, a root holds both parents.
        let left = NODES
            .track(Node::try_new(LENGTH, vec![head.clone()]).unwrap())
            .unwrap();
        let right = NODES
            .track(Node::try_new(LENGTH, vec![head]).unwrap())
            .unwrap();
        let root = NODES
            .track(Node::try_new(LENGTH + 1, Vec::new()).unwrap())
            .unwrap();
        root.write().children.extend([left, right]);
        assert_eq!(NODES.len(), LENGTH as usize + 3);

        drop(root);
        assert!(NODES.is_empty());
        assert!(NODES.live().is_empty());
    });
}

// ---------------------------------------------------------------------------------------------
// 5. Panics in user code
// ---------------------------------------------------------------------------------------------

/// A type whose `Drop` panics when `explode` is set.
#[derive(Validated, Debug)]
struct Explosive {
    #[within(0, 9)]
    n: u8,
    explode: bool,
}

impl Drop for Explosive {
    /// Panics if asked to (and not already unwinding, which would abort).
    fn drop(&mut self) {
        if self.explode && !thread::panicking() {
            panic!("Explosive {} refuses to die quietly", self.n);
        }
    }
}

/// A panic in `T`'s `Drop` leaves the registry consistent: the owner is gone, `len()` and
/// `live()` are right, new owners can be tracked; a panicking owner inside a `live()`
/// snapshot does not keep the snapshot's other owners alive either.
#[test]
fn panicking_drop_leaves_the_registry_consistent() {
    no_deadlock("panicking_drop", || {
        static BOOM: Registry<Explosive> = Registry::new();
        let quiet = BOOM.track(Explosive::try_new(1, false).unwrap()).unwrap();
        let loud = BOOM.track(Explosive::try_new(2, true).unwrap()).unwrap();
        let other = BOOM.track(Explosive::try_new(3, false).unwrap()).unwrap();
        assert_eq!(BOOM.len(), 3);

        let result = panic::catch_unwind(AssertUnwindSafe(|| drop(loud)));
        assert!(result.is_err(), "the Drop panicked");
        assert_eq!(BOOM.len(), 2);
        let mut ns: Vec<u8> = BOOM.live().iter().map(|h| h.read().n()).collect();
        ns.sort_unstable();
        assert_eq!(ns, [1, 3]);
        let fresh = BOOM.track(Explosive::try_new(4, false).unwrap()).unwrap();
        assert_eq!(BOOM.len(), 3);

        // A panicking owner among the last handles held by a snapshot.
        let loud = BOOM.track(Explosive::try_new(5, true).unwrap()).unwrap();
        let snapshot = BOOM.live();
        assert_eq!(snapshot.len(), 4);
        assert!(snapshot
            .iter()
            .all(|h| !h.read().explode || h.read().n == 5));
        drop((quiet, other, fresh, loud));
        assert_eq!(BOOM.len(), 4, "the snapshot holds them all");
        let result = panic::catch_unwind(AssertUnwindSafe(|| drop(snapshot)));
        assert!(
            result.is_err(),
            "the Drop panicked inside the snapshot's drop"
        );
        assert!(
            BOOM.is_empty(),
            "the other handles were dropped while unwinding"
        );
        assert!(BOOM.live().is_empty());

        let after = BOOM.track(Explosive::try_new(6, false).unwrap()).unwrap();
        assert_eq!(BOOM.len(), 1);
        drop(after);
        assert!(BOOM.is_empty());
    });
}

/// A panic while a `write()` guard is held poisons nothing that matters: the owner is still
/// readable (from this thread and another), still valid, still writable, still registered.
#[test]
fn panic_while_write_guard_is_held_leaves_the_owner_usable() {
    static MINE: Registry<Exam> = Registry::new();
    let handle = MINE.track(exam(10, 20, 30)).unwrap();

    let result = panic::catch_unwind(AssertUnwindSafe(|| {
        let mut guard = handle.write();
        guard.set_math(42).unwrap();
        assert!(guard.set_physics(101).is_err());
        panic!("panic with the write guard held");
    }));
    assert!(result.is_err());

    assert_eq!(*handle.read(), exam(42, 20, 30));
    assert!(handle.read().validate().is_ok());
    handle.write().set_chemistry(7).unwrap();
    assert_eq!(handle.read().chemistry(), 7);
    assert!(handle.write().set_chemistry(101).is_err());
    assert_eq!(handle.read().chemistry(), 7);

    let elsewhere = handle.clone();
    let read_there = thread::spawn(move || elsewhere.read().math())
        .join()
        .unwrap();
    assert_eq!(read_there, 42);

    assert_eq!(MINE.len(), 1);
    drop(handle);
    assert!(MINE.is_empty());
}

/// `try_read` and `try_write` answer at once: `None` while a conflicting guard is held, a
/// guard otherwise; printing a handle whose guard is held does not block either.
#[test]
fn try_guards_never_block() {
    static MINE: Registry<Exam> = Registry::new();
    let exam = MINE.track(Exam::try_new(1, 2, 3).unwrap()).unwrap();
    {
        let read = exam.read();
        assert_eq!(exam.try_read().map(|g| g.math()), Some(1));
        assert!(exam.try_write().is_none());
        assert_eq!(read.math(), 1);
        assert!(format!("{exam:?}").contains("math: 1"));
    }
    {
        let mut write = exam.try_write().unwrap();
        write.set_math(9).unwrap();
        assert!(exam.try_read().is_none());
        assert!(exam.try_write().is_none());
        assert_eq!(format!("{exam:?}"), "Tracked(<locked>)");
    }
    assert_eq!(exam.read().math(), 9);
}
