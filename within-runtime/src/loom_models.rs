//! Model checks of the registry protocol with loom: the real `Registry`, `Tracked` and
//! `WeakTracked`, built with loom's mutex, atomics and cells (`sync.rs`), every interleaving of
//! a few threads explored up to a preemption bound.
//!
//! Run by `.ci/run`:
//!
//! ```text
//! RUSTFLAGS="--cfg loom" cargo test -p within-runtime --lib --release loom_ -- --nocapture
//! ```
//!
//! Each model prints how many executions it explored. Stock loom misses some interleavings
//! (it is known to under-explore with some patterns of atomics), so the models run at a stated
//! preemption bound (3, or `LOOM_MAX_PREEMPTIONS`), and each model of the lock-free parts has a
//! twin that plants a bug in the protocol (`sync::Bug`) and must fail: a model that cannot
//! fail would prove nothing.
//!
//! Each model leaks its registry: `track` needs a `&'static Registry`, and under loom a
//! registry cannot be a `static` (loom's primitives are made inside the model). A thread uses
//! the shared shard (claims under its lock) unless the model gives it a lease
//! (`lease::assign`), which makes it the one writer that claims without the lock.

use crate::keyed::KeyOps;
use crate::keys::Keyed;
use crate::lease;
use crate::sync::{plant, Bug};
use crate::{FieldSpec, Invalid, Registry, Tracked, Validated};
use loom::sync::atomic::{AtomicUsize, Ordering};
use loom::sync::Arc;
use loom::thread;
use std::boxed::Box;
use std::collections::BTreeSet;
use std::vec::Vec;

/// An owner that counts its drops, so a model can check each value is dropped exactly once.
struct Probe {
    id: u32,
    drops: Arc<AtomicUsize>,
    /// A registry this probe's `Drop` tracks a new probe in (and drops it), as user code may.
    reenter: Option<&'static Registry<Probe>>,
}

impl Validated for Probe {
    const FIELDS: &'static [FieldSpec] = &[];

    fn validate(&self) -> Result<(), Invalid> {
        Ok(())
    }
}

impl Drop for Probe {
    fn drop(&mut self) {
        self.drops.fetch_add(1, Ordering::SeqCst);
        if let Some(registry) = self.reenter {
            let inner = registry.track(probe(100, &self.drops)).unwrap();
            assert_eq!(inner.read().id, 100);
            drop(inner);
        }
    }
}

/// A fresh registry for one execution of a model.
fn registry() -> &'static Registry<Probe> {
    Box::leak(Box::new(Registry::new()))
}

fn probe(id: u32, drops: &Arc<AtomicUsize>) -> Probe {
    Probe {
        id,
        drops: Arc::clone(drops),
        reenter: None,
    }
}

/// The ids in a snapshot, checking that none appears twice.
fn ids(snapshot: &[Tracked<Probe>]) -> BTreeSet<u32> {
    let ids: BTreeSet<u32> = snapshot.iter().map(|handle| handle.read().id).collect();
    assert_eq!(ids.len(), snapshot.len(), "an owner twice in one snapshot");
    ids
}

/// The preemption bound of the models with two or three short threads, unless
/// `LOOM_MAX_PREEMPTIONS` says otherwise.
const PREEMPTIONS: usize = 3;

/// The bound of the two largest models (three threads, five or more registry calls): at 3 they
/// explore 17,000 and 29,000 executions, and the whole run would take over a minute here.
const PREEMPTIONS_LARGE: usize = 2;

/// Runs `model` under loom at [`PREEMPTIONS`], with `bug` planted, and prints how many
/// executions it explored.
fn check_with(name: &str, bug: Bug, model: impl Fn() + Sync + Send + 'static) {
    check_bounded(name, PREEMPTIONS, bug, model);
}

/// [`check_with`] at preemption bound `bound`.
fn check_bounded(name: &str, bound: usize, bug: Bug, model: impl Fn() + Sync + Send + 'static) {
    std::thread_local! {
        static COUNT: core::cell::Cell<usize> = const { core::cell::Cell::new(0) };
    }
    let mut builder = loom::model::Builder::new();
    if builder.preemption_bound.is_none() {
        builder.preemption_bound = Some(bound);
    }
    let bound = builder.preemption_bound;
    plant(bug);
    COUNT.with(|count| count.set(0));
    // Prints even when the model fails (a planted bug), from a guard.
    struct Report<'a>(&'a str, Option<usize>, Bug);
    impl Drop for Report<'_> {
        fn drop(&mut self) {
            let executions = COUNT.with(|count| count.get());
            std::println!(
                "loom model {}: {executions} executions, preemption bound {:?}, planted bug {:?}{}",
                self.0,
                self.1,
                self.2,
                if std::thread::panicking() {
                    " (failed, as it must)"
                } else {
                    ""
                }
            );
        }
    }
    let _report = Report(name, bound, bug);
    builder.check(move || {
        COUNT.with(|count| count.set(count.get() + 1));
        model()
    });
}

/// [`check_with`] and no bug.
fn check(name: &str, model: impl Fn() + Sync + Send + 'static) {
    check_with(name, Bug::None, model);
}

/// The last handle of an owner drops on one thread while another takes a `live()` snapshot:
/// the snapshot has the owner (and keeps it alive) or not, never a freed one; the value is
/// dropped exactly once, and the registry ends empty.
#[test]
fn loom_last_drop_racing_a_snapshot() {
    last_drop_racing_a_snapshot(Bug::None);
}

/// The model above with the sole handle's drop not checking its count again under the lock:
/// a snapshot's handle made between the unlocked load and the lock would outlive the value.
#[test]
#[should_panic(expected = "the last handle is the only one")]
fn loom_last_drop_racing_a_snapshot_catches_a_missing_recheck() {
    last_drop_racing_a_snapshot(Bug::NoRecheckUnderLock);
}

fn last_drop_racing_a_snapshot(bug: Bug) {
    check_with("last_drop_racing_a_snapshot", bug, || {
        let registry = registry();
        let drops = Arc::new(AtomicUsize::new(0));
        // Tracked without the lock by the writer of shard 0; the last drop is another
        // thread's, so its slot goes back through the list under the lock.
        lease::assign(0);
        let handle = registry.track(probe(1, &drops)).unwrap();

        let dropper = thread::spawn(move || drop(handle));
        let snapshot = registry.live();
        assert!(ids(&snapshot).is_subset(&BTreeSet::from([1])));
        drop(snapshot);
        dropper.join().unwrap();

        assert_eq!(drops.load(Ordering::SeqCst), 1);
        assert_eq!(registry.len(), 0);
        assert!(registry.live().is_empty());
        let stats = registry.stats();
        assert_eq!((stats.live, stats.peak, stats.tracked), (0, 1, 1));
    });
}

/// One thread drops an owner's handle and tracks a new owner, which reuses the slot just freed
/// (unless the snapshot still holds the first owner), then drops that too; another drops the last handle of a second owner; meanwhile a
/// snapshot and a census are taken. Snapshots hold only live owners, each once; every value
/// is dropped exactly once; the counts end exact.
#[test]
fn loom_tracking_with_slot_reuse_racing_a_drop_and_a_snapshot() {
    check_bounded(
        "slot_reuse_racing_a_drop_and_a_snapshot",
        PREEMPTIONS_LARGE,
        Bug::None,
        || {
            let registry = registry();
            let drops = Arc::new(AtomicUsize::new(0));
            let first = registry.track(probe(1, &drops)).unwrap();
            let second = registry.track(probe(2, &drops)).unwrap();

            let reuser = {
                let drops = Arc::clone(&drops);
                thread::spawn(move || {
                    drop(first);
                    let third = registry.track(probe(3, &drops)).unwrap();
                    assert_eq!(third.read().id, 3);
                    drop(third);
                })
            };
            let dropper = thread::spawn(move || drop(second));

            let snapshot = registry.live();
            assert!(ids(&snapshot).is_subset(&BTreeSet::from([1, 2, 3])));
            // The snapshot may keep the first owner alive past its handle's drop, so the third
            // can be tracked while both others live.
            assert!(registry.census().total() <= 3);
            drop(snapshot);
            reuser.join().unwrap();
            dropper.join().unwrap();

            assert_eq!(drops.load(Ordering::SeqCst), 3);
            assert_eq!(registry.len(), 0);
            assert!(registry.census().rows().is_empty());
            let stats = registry.stats();
            assert_eq!((stats.live, stats.tracked), (0, 3));
            assert!((2..=3).contains(&stats.peak), "{stats:?}");
        },
    );
}

/// Two threads drop the two handles of one owner while a third takes a snapshot: exactly one
/// of them is the last (or the snapshot's is), the value is dropped once, and a snapshot
/// never resurrects an owner whose count reached zero.
#[test]
fn loom_two_drops_and_a_snapshot() {
    check("two_drops_and_a_snapshot", || {
        let registry = registry();
        let drops = Arc::new(AtomicUsize::new(0));
        let one = registry.track(probe(7, &drops)).unwrap();
        let other = one.clone();

        let first = thread::spawn(move || drop(one));
        let second = thread::spawn(move || drop(other));
        let snapshot: Vec<Tracked<Probe>> = registry.live();
        let seen = ids(&snapshot);
        assert!(seen.is_subset(&BTreeSet::from([7])));
        if !seen.is_empty() {
            assert_eq!(
                drops.load(Ordering::SeqCst),
                0,
                "the snapshot keeps it alive"
            );
        }
        drop(snapshot);
        first.join().unwrap();
        second.join().unwrap();

        assert_eq!(drops.load(Ordering::SeqCst), 1);
        assert_eq!(registry.len(), 0);
        assert!(registry.live().is_empty());
    });
}

/// The writer (lease 0) claims without the lock (taking back the returned slot, or growing its
/// table from one slot to two), while another thread drops the writer's first owner (a remote
/// free, onto the returned list) and a third takes a snapshot, whose handle may be the owner's
/// last. The
/// snapshot holds only live owners, each once; every value is dropped once; counts end exact.
#[test]
fn loom_claim_without_lock_racing_a_remote_free_and_a_snapshot() {
    claim_without_lock(Bug::None);
}

/// The model above with other threads putting slots they clear on the writer's own list:
/// loom must report the unsynchronized access to the writer's cell.
#[test]
#[should_panic]
fn loom_claim_without_lock_catches_a_remote_write_to_the_writers_list() {
    claim_without_lock(Bug::ReturnToWritersList);
}

fn claim_without_lock(bug: Bug) {
    check_with("claim_without_lock", bug, || {
        let registry = registry();
        let drops = Arc::new(AtomicUsize::new(0));
        lease::assign(0);
        let first = registry.track(probe(1, &drops)).unwrap();

        let remote = thread::spawn(move || drop(first));
        let reader = thread::spawn(move || {
            let snapshot = registry.live();
            assert!(ids(&snapshot).is_subset(&BTreeSet::from([1, 2])));
        });
        let second = registry.track(probe(2, &drops)).unwrap();
        remote.join().unwrap();
        reader.join().unwrap();

        assert_eq!(drops.load(Ordering::SeqCst), 1);
        assert_eq!(ids(&registry.live()), BTreeSet::from([2]));
        let stats = registry.stats();
        assert_eq!((stats.live, stats.tracked), (1, 2));
        drop(second);
        assert_eq!(drops.load(Ordering::SeqCst), 2);
        assert_eq!(registry.len(), 0);
        assert!(registry.live().is_empty());
    });
}

/// A weak handle is upgraded while another thread drops the owner's last handle: the upgrade
/// fails, or gives a registered handle to a value not yet dropped; the value is dropped once.
#[test]
fn loom_upgrade_racing_the_last_drop() {
    upgrade_racing_the_last_drop(Bug::None);
}

/// The model above with `upgrade` reading the owner without the shard lock: loom must report
/// the read racing the last drop's write.
#[test]
#[should_panic]
fn loom_upgrade_racing_the_last_drop_catches_an_unlocked_upgrade() {
    upgrade_racing_the_last_drop(Bug::UpgradeWithoutLock);
}

fn upgrade_racing_the_last_drop(bug: Bug) {
    check_with("upgrade_racing_the_last_drop", bug, || {
        let registry = registry();
        let drops = Arc::new(AtomicUsize::new(0));
        lease::assign(0);
        let owner = registry.track(probe(1, &drops)).unwrap();
        let weak = Tracked::downgrade(&owner);

        let dropper = thread::spawn(move || drop(owner));
        if let Some(handle) = weak.upgrade() {
            assert_eq!(drops.load(Ordering::SeqCst), 0, "upgraded a dropped value");
            assert_eq!(handle.read().id, 1);
            assert_eq!(registry.len(), 1);
            drop(handle);
        }
        dropper.join().unwrap();

        assert_eq!(drops.load(Ordering::SeqCst), 1);
        assert!(weak.upgrade().is_none());
        assert_eq!(registry.len(), 0);
        assert!(registry.live().is_empty());
    });
}

/// Re-entrancy: the writer drops an owner whose `Drop` tracks (and drops) a new owner in the
/// same registry, with no lock held, while another thread drops the writer's other owner
/// remotely (which may empty the shard) and a third takes a census. Every value is dropped
/// once, and the registry ends empty with exact counts.
#[test]
fn loom_reentrant_drop_racing_a_remote_free() {
    reentrant_drop(Bug::None);
}

/// The model above with a remote clear that empties the shard freeing its table, which the
/// writer may be reading without the lock: loom must report the race.
#[test]
#[should_panic]
fn loom_reentrant_drop_catches_a_remote_table_retire() {
    reentrant_drop(Bug::RetireWhileRemote);
}

fn reentrant_drop(bug: Bug) {
    check_bounded("reentrant_drop", PREEMPTIONS_LARGE, bug, || {
        let registry = registry();
        let drops = Arc::new(AtomicUsize::new(0));
        lease::assign(0);
        let mut reentering = probe(1, &drops);
        reentering.reenter = Some(registry);
        let first = registry.track(reentering).unwrap();
        let second = registry.track(probe(2, &drops)).unwrap();

        let remote = thread::spawn(move || drop(second));
        let counter = thread::spawn(move || assert!(registry.census().total() <= 3));
        drop(first);
        remote.join().unwrap();
        counter.join().unwrap();

        assert_eq!(drops.load(Ordering::SeqCst), 3);
        assert_eq!(registry.len(), 0);
        let stats = registry.stats();
        assert_eq!((stats.live, stats.tracked), (0, 3));
    });
}

/// A probe with a key (`id`): its registry keeps at most one live owner per id.
struct KeyedProbe {
    id: u32,
    drops: Arc<AtomicUsize>,
}

impl Validated for KeyedProbe {
    const FIELDS: &'static [FieldSpec] = &[];

    fn validate(&self) -> Result<(), Invalid> {
        Ok(())
    }

    fn __key() -> Option<KeyOps<Self>> {
        Some(KeyOps::of())
    }
}

impl Keyed for KeyedProbe {
    type Key = u32;
    const OWNER: &'static str = "KeyedProbe";
    const KEY_FIELD: &'static str = "id";

    fn key(&self) -> &u32 {
        &self.id
    }
}

impl Drop for KeyedProbe {
    fn drop(&mut self) {
        self.drops.fetch_add(1, Ordering::SeqCst);
    }
}

/// Keys: the last drop of a keyed owner (the sole handle's shortcut, which clears its slot and
/// removes its key in one hold of its shard's lock) races another thread tracking an owner
/// with the same key and looking it up. The track is refused while the first owner lives and
/// succeeds once it left; a lookup finds only a live owner, the one just tracked if there is
/// one; every value is dropped once, and the registry and its key index end empty. (The key
/// tables are guarded by the shard locks, whose interleavings loom explores; the tables
/// themselves are plain cells, not loom's.)
#[test]
fn loom_keyed_last_drop_racing_a_track_of_its_key() {
    keyed_last_drop(Bug::None);
}

/// The model above with the sole handle's drop not checking its count again under the lock:
/// a keyed owner takes that shortcut too (its place carries its key's hash bits), and a `get`
/// that made a handle between the unlocked load and the lock would outlive the value.
#[test]
#[should_panic(expected = "the last handle is the only one")]
fn loom_keyed_last_drop_catches_a_missing_recheck() {
    keyed_last_drop(Bug::NoRecheckUnderLock);
}

fn keyed_last_drop(bug: Bug) {
    check_with("keyed_last_drop_racing_a_track_of_its_key", bug, || {
        let registry: &'static Registry<KeyedProbe> = Box::leak(Box::new(Registry::new()));
        let drops = Arc::new(AtomicUsize::new(0));
        let keyed = |id| KeyedProbe {
            id,
            drops: Arc::clone(&drops),
        };
        let first = registry.track(keyed(7)).unwrap();

        let dropper = thread::spawn(move || drop(first));
        let second = registry.track(keyed(7));
        let found = registry.get(&7);
        match &second {
            Ok(second) => {
                let found = found.as_ref().expect("a live owner with the key is found");
                assert!(Tracked::ptr_eq(second, found));
            }
            Err(invalid) => assert_eq!(invalid.errors().len(), 1),
        }
        if let Some(found) = &found {
            assert_eq!(found.read().id, 7);
        }
        drop((found, second));
        dropper.join().unwrap();

        assert_eq!(drops.load(Ordering::SeqCst), 2);
        assert!(registry.get(&7).is_none());
        assert_eq!(registry.len(), 0);
        let stats = registry.stats();
        assert_eq!(stats.live, 0);
    });
}

/// Keys, a full shard: a keyed track finds its shard's slot table full, releases the lock to
/// allocate a bigger one, and meanwhile another thread's last drop frees a slot there (the
/// shard still holds a third owner, so its table stays). The track then claims the freed slot
/// and must free the table it made; every table of the model is freed once every owner is
/// gone (`tables::live`), and each owner is dropped once.
#[test]
fn loom_keyed_track_into_a_full_shard_racing_a_drop_there() {
    keyed_full_shard(Bug::None);
}

/// The model above with the unused table forgotten instead of freed: the leak the table
/// count catches.
#[test]
#[should_panic(expected = "every slot table is freed")]
fn loom_keyed_full_shard_catches_a_lost_spare_table() {
    keyed_full_shard(Bug::LoseUnusedSpare);
}

fn keyed_full_shard(bug: Bug) {
    use crate::keys::{shard_of_hash, KeyHasher};
    use core::hash::BuildHasher;
    // Three keys in one shard, found before the model runs: the hasher is fixed under loom.
    let hasher = KeyHasher::default();
    let shard = |key: u32| shard_of_hash(hasher.hash_one(key));
    let keys: Vec<u32> = (0..)
        .filter(|&key| shard(key) == shard(0))
        .take(3)
        .collect();
    let (dropped, held, tracked) = (keys[0], keys[1], keys[2]);
    check_with(
        "keyed_track_into_a_full_shard_racing_a_drop_there",
        bug,
        move || {
            let tables = crate::shard::tables::live();
            let registry: &'static Registry<KeyedProbe> = Box::leak(Box::new(Registry::new()));
            let drops = Arc::new(AtomicUsize::new(0));
            let keyed = |id| KeyedProbe {
                id,
                drops: Arc::clone(&drops),
            };
            // Two owners fill the shard's table (one slot, then two, under loom).
            let first = registry.track(keyed(dropped)).unwrap();
            let second = registry.track(keyed(held)).unwrap();

            let dropper = thread::spawn(move || drop(first));
            let third = registry.track(keyed(tracked)).unwrap();
            dropper.join().unwrap();
            assert!(registry.get(&dropped).is_none());
            assert_eq!(registry.get(&held).map(|h| h.read().id), Some(held));
            drop((second, third));

            assert_eq!(drops.load(Ordering::SeqCst), 3);
            assert_eq!(registry.len(), 0);
            assert_eq!(
                crate::shard::tables::live(),
                tables,
                "every slot table is freed once the shard empties"
            );
        },
    );
}
