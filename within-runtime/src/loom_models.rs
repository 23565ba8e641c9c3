//! Model checks of the registry protocol with loom: the real `Registry` and `Tracked`, built
//! with loom's mutex and atomics (`sync.rs`), every interleaving of a few threads explored.
//!
//! Run by `.ci/run`:
//!
//! ```text
//! RUSTFLAGS="--cfg loom" cargo test -p within-runtime --lib --release loom_
//! ```
//!
//! Each model leaks its registry: `track` needs a `&'static Registry`, and under loom a
//! registry cannot be a `static` (loom's primitives are made inside the model). Every thread
//! uses shard 0 under loom, so the threads always meet on one lock.

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
    }
}

/// The ids in a snapshot, checking that none appears twice.
fn ids(snapshot: &[Tracked<Probe>]) -> BTreeSet<u32> {
    let ids: BTreeSet<u32> = snapshot.iter().map(|handle| handle.read().id).collect();
    assert_eq!(ids.len(), snapshot.len(), "an owner twice in one snapshot");
    ids
}

/// Runs `model` under loom with at most three preemptions per execution (unless
/// `LOOM_MAX_PREEMPTIONS` says otherwise): enough for every race below, and a bound that keeps
/// the three models to about 15 s here (four take five minutes).
fn check(model: impl Fn() + Sync + Send + 'static) {
    let mut builder = loom::model::Builder::new();
    if builder.preemption_bound.is_none() {
        builder.preemption_bound = Some(3);
    }
    builder.check(model);
}

/// The last handle of an owner drops on one thread while another takes a `live()` snapshot:
/// the snapshot has the owner (and keeps it alive) or not, never a freed one; the value is
/// dropped exactly once, and the registry ends empty.
#[test]
fn loom_last_drop_racing_a_snapshot() {
    check(|| {
        let registry = registry();
        let drops = Arc::new(AtomicUsize::new(0));
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
    check(|| {
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
    });
}

/// Two threads drop the two handles of one owner while a third takes a snapshot: exactly one
/// of them is the last (or the snapshot's is), the value is dropped once, and a snapshot
/// never resurrects an owner whose count reached zero.
#[test]
fn loom_two_drops_and_a_snapshot() {
    check(|| {
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
