//! The tracking hot path against what a user would write instead, in one run: `Tracked::new` +
//! drop against `Arc::new(RwLock::new(..))` + drop on one thread, on two, and made on one
//! thread and dropped on the other; the eager user registries (`Mutex<Slab<Weak>>`,
//! `DashMap<u64, Weak>`); `downgrade` + `upgrade` against `Arc`'s; and, for a keyed type,
//! `get(&key)` against a `Mutex<HashMap<K, Weak<..>>>` lookup + upgrade and keyed against
//! unkeyed track + drop.
//!
//! `cargo run --release --manifest-path bench/Cargo.toml -- --only hotpath` runs these rows
//! alone.

use crate::timing::{compare, Case};
use crate::{exam, row, track_arc, track_ours, two_threads, Exam, Row};
use dashmap::DashMap;
use std::collections::HashMap;
use std::hash::{BuildHasher, RandomState};
use std::hint::black_box;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, Mutex, RwLock, Weak};
use within_runtime::__private::{KeyOps, Keyed};
use within_runtime::{FieldSpec, Invalid, Registry, Tracked, Validated};

/// `Exam` with a key, as `#[within(key)] id: u64` will derive it (the hook written by hand).
#[derive(Clone)]
pub struct KeyedExam {
    id: u64,
    exam: Exam,
}

impl Validated for KeyedExam {
    const FIELDS: &'static [FieldSpec] = &[];

    fn validate(&self) -> Result<(), Invalid> {
        self.exam.validate()
    }

    fn __key() -> Option<KeyOps<Self>> {
        Some(KeyOps::of())
    }
}

impl Keyed for KeyedExam {
    type Key = u64;
    const OWNER: &'static str = "KeyedExam";
    const KEY_FIELD: &'static str = "id";

    fn key(&self) -> &u64 {
        &self.id
    }
}

static KEYED: Registry<KeyedExam> = Registry::new();

#[inline(never)]
fn keyed(n: u64) {
    let e = KeyedExam {
        id: 0,
        exam: exam(),
    };
    for i in 0..n {
        let mut value = black_box(e.clone());
        value.id = i;
        let handle = KEYED.track(value).expect("valid");
        drop(black_box(handle));
    }
}

#[inline(never)]
fn unkeyed_like_keyed(n: u64) {
    let e = KeyedExam {
        id: 0,
        exam: exam(),
    };
    for i in 0..n {
        let mut value = black_box(e.clone());
        value.id = i;
        let handle = REGISTRY.track(black_box(value.exam)).expect("valid");
        drop(black_box(handle));
    }
}

#[inline(never)]
fn get(keys: &[u64], n: u64) {
    for i in 0..n {
        let key = keys[i as usize % keys.len()];
        let found = KEYED.get(black_box(&key)).expect("live");
        drop(black_box(found));
    }
}

#[inline(never)]
fn hashmap_get(map: &Mutex<HashMap<u64, Weak<RwLock<KeyedExam>>>>, keys: &[u64], n: u64) {
    for i in 0..n {
        let key = keys[i as usize % keys.len()];
        let found = map
            .lock()
            .unwrap()
            .get(black_box(&key))
            .and_then(Weak::upgrade)
            .expect("live");
        drop(black_box(found));
    }
}

static REGISTRY: Registry<Exam> = Registry::new();

/// What a user writes without this crate: an eager registry of `Weak`s in a slab, the slot
/// freed at the last drop by a wrapper's `Drop`.
struct SlabOwner {
    #[allow(dead_code)] // held, as a user's handle would be
    value: Arc<RwLock<Exam>>,
    key: usize,
}

static SLAB: Mutex<slab::Slab<Weak<RwLock<Exam>>>> = Mutex::new(slab::Slab::new());

impl Drop for SlabOwner {
    fn drop(&mut self) {
        SLAB.lock().unwrap().remove(self.key);
    }
}

#[inline(never)]
fn slab(n: u64) {
    let e = exam();
    for _ in 0..n {
        let value = Arc::new(RwLock::new(black_box(e.clone())));
        let key = SLAB.lock().unwrap().insert(Arc::downgrade(&value));
        let handle = SlabOwner { value, key };
        drop(black_box(handle));
    }
}

/// The same with a `DashMap<u64, Weak>` and a global counter for ids.
struct DashOwner {
    #[allow(dead_code)] // held, as a user's handle would be
    value: Arc<RwLock<Exam>>,
    key: u64,
}

fn dash() -> &'static DashMap<u64, Weak<RwLock<Exam>>> {
    static MAP: std::sync::OnceLock<DashMap<u64, Weak<RwLock<Exam>>>> = std::sync::OnceLock::new();
    MAP.get_or_init(DashMap::new)
}

static NEXT_ID: AtomicU64 = AtomicU64::new(0);

impl Drop for DashOwner {
    fn drop(&mut self) {
        dash().remove(&self.key);
    }
}

#[inline(never)]
fn dashmap(n: u64) {
    let e = exam();
    for _ in 0..n {
        let value = Arc::new(RwLock::new(black_box(e.clone())));
        let key = NEXT_ID.fetch_add(1, Ordering::Relaxed);
        dash().insert(key, Arc::downgrade(&value));
        let handle = DashOwner { value, key };
        drop(black_box(handle));
    }
}

/// `n` owners made on this thread and dropped on another, handed over in batches of 64.
fn handed_over<H: Send>(n: u64, make: impl Fn() -> H) {
    const BATCH: u64 = 64;
    let (send, receive) = mpsc::sync_channel::<Vec<H>>(4);
    std::thread::scope(|s| {
        s.spawn(move || {
            for batch in receive {
                drop(black_box(batch));
            }
        });
        let mut made = 0;
        while made < n {
            let size = BATCH.min(n - made);
            let batch: Vec<H> = (0..size).map(|_| make()).collect();
            made += size;
            send.send(batch).unwrap();
        }
        drop(send);
    });
}

#[inline(never)]
fn tracked_handed(n: u64) {
    let e = exam();
    handed_over(n, || REGISTRY.track(black_box(e.clone())).expect("valid"));
}

#[inline(never)]
fn arc_handed(n: u64) {
    let e = exam();
    handed_over(n, || Arc::new(RwLock::new(black_box(e.clone()))));
}

#[inline(never)]
fn slab_handed(n: u64) {
    let e = exam();
    handed_over(n, || {
        let value = Arc::new(RwLock::new(black_box(e.clone())));
        let key = SLAB.lock().unwrap().insert(Arc::downgrade(&value));
        SlabOwner { value, key }
    });
}

#[inline(never)]
fn downgrade_upgrade(handle: &Tracked<Exam>, n: u64) {
    for _ in 0..n {
        let weak = Tracked::downgrade(black_box(handle));
        let again = weak.upgrade().expect("alive");
        drop(black_box((again, weak)));
    }
}

#[inline(never)]
fn arc_downgrade_upgrade(handle: &Arc<RwLock<Exam>>, n: u64) {
    for _ in 0..n {
        let weak = Arc::downgrade(black_box(handle));
        let again = weak.upgrade().expect("alive");
        drop(black_box((again, weak)));
    }
}

pub fn measure() -> Vec<Row> {
    let mut rows = Vec::new();
    eprintln!("timing: hot path, one thread");
    let t = compare(&mut [
        Case::new(track_ours),
        Case::new(track_arc),
        Case::new(slab),
        Case::new(dashmap),
    ]);
    rows.push(row(
        "`REGISTRY.track(exam)` + drop, one thread",
        t[0],
        "`Arc::new(RwLock::new(exam))` + drop",
        t[1],
        Some(1.15),
    ));
    rows.push(row(
        "`REGISTRY.track(exam)` + drop, one thread",
        t[0],
        "eager `Mutex<Slab<Weak<_>>>`, slot freed by the owner's `Drop`",
        t[2],
        None,
    ));
    rows.push(row(
        "`REGISTRY.track(exam)` + drop, one thread",
        t[0],
        "eager `DashMap<u64, Weak<_>>`, entry removed by the owner's `Drop`",
        t[3],
        None,
    ));

    eprintln!("timing: hot path, two threads");
    let t = compare(&mut [
        Case::new(|n| two_threads(n, track_ours)),
        Case::new(|n| two_threads(n, track_arc)),
        Case::new(|n| two_threads(n, slab)),
        Case::new(|n| two_threads(n, dashmap)),
    ]);
    rows.push(row(
        "track + drop, 2 threads on one registry (wall time per op)",
        t[0],
        "2 threads doing `Arc::new(RwLock::new(exam))` + drop",
        t[1],
        Some(1.15),
    ));
    rows.push(row(
        "track + drop, 2 threads on one registry",
        t[0],
        "2 threads on one eager `Mutex<Slab<Weak<_>>>`",
        t[2],
        None,
    ));
    rows.push(row(
        "track + drop, 2 threads on one registry",
        t[0],
        "2 threads on one eager `DashMap<u64, Weak<_>>`",
        t[3],
        None,
    ));

    eprintln!("timing: made on one thread, dropped on the other");
    let t = compare(&mut [
        Case::new(tracked_handed),
        Case::new(arc_handed),
        Case::new(slab_handed),
    ]);
    rows.push(row(
        "track on one thread, last drop on another (batches of 64 through a channel)",
        t[0],
        "`Arc::new(RwLock::new(exam))`, the same hand-over",
        t[1],
        Some(1.6),
    ));
    rows.push(row(
        "track on one thread, last drop on another",
        t[0],
        "eager `Mutex<Slab<Weak<_>>>`, the same hand-over",
        t[2],
        None,
    ));

    eprintln!("timing: downgrade + upgrade");
    let owner = REGISTRY.track(exam()).expect("valid");
    let shared = Arc::new(RwLock::new(exam()));
    let t = compare(&mut [
        Case::new(|n| downgrade_upgrade(&owner, n)),
        Case::new(|n| arc_downgrade_upgrade(&shared, n)),
    ]);
    rows.push(row(
        "`Tracked::downgrade` + `upgrade` + drop of both",
        t[0],
        "`Arc::downgrade` + `upgrade` + drop of both",
        t[1],
        Some(1.2),
    ));
    drop(owner);

    eprintln!("timing: keys");
    const LIVE_KEYS: u64 = 1000;
    let held: Vec<_> = (0..LIVE_KEYS)
        .map(|id| {
            KEYED
                .track(KeyedExam {
                    id: 1 << 40 | id,
                    exam: exam(),
                })
                .expect("valid")
        })
        .collect();
    let arcs: Vec<_> = (0..LIVE_KEYS)
        .map(|id| {
            Arc::new(RwLock::new(KeyedExam {
                id: 1 << 40 | id,
                exam: exam(),
            }))
        })
        .collect();
    let map = Mutex::new(
        arcs.iter()
            .map(|arc| (arc.read().unwrap().id, Arc::downgrade(arc)))
            .collect::<HashMap<_, _>>(),
    );
    // Looked up in a shuffled order, the same on both sides.
    let state = RandomState::new();
    let mut keys: Vec<u64> = (0..LIVE_KEYS).map(|id| 1 << 40 | id).collect();
    keys.sort_by_key(|key| state.hash_one(key));
    let t = compare(&mut [
        Case::new(|n| get(&keys, n)),
        Case::new(|n| hashmap_get(&map, &keys, n)),
    ]);
    rows.push(row(
        "`registry.get(&key)` + drop, 1,000 live keys",
        t[0],
        "`Mutex<HashMap<u64, Weak<RwLock<_>>>>`: lock, look up, upgrade, drop",
        t[1],
        Some(1.2),
    ));
    let t = compare(&mut [Case::new(keyed), Case::new(unkeyed_like_keyed)]);
    rows.push(row(
        "track + drop of a keyed type (`u64` key, 1,000 others live)",
        t[0],
        "the same for an unkeyed type",
        t[1],
        Some(1.3),
    ));
    drop((held, arcs));
    rows
}
