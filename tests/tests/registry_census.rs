//! `Registry::stats`, creation sites, `Registry::census`, `Census::growth_since`, the global
//! `within_runtime::census()`, and `Tracked` serialized as its value.
//!
//! Tests run in parallel, so each uses registries and types of its own; the global census is
//! read only for types no other test tracks.

use std::panic;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Barrier, Mutex};
use std::thread;
use std::time::Duration;
use within_runtime::{Registry, Stats, Tracked, Validated};
use within_tests::watchdog::no_deadlock;

/// A small owner, numbered.
#[derive(Validated, Debug, serde::Serialize)]
struct Item {
    #[within(0, 1_000_000)]
    id: u32,
}

fn item(id: u32) -> Item {
    Item::try_new(id).expect("id within range")
}

/// `(live, peak, tracked)` of `stats`.
fn counts(stats: Stats) -> (usize, usize, u64) {
    (stats.live, stats.peak, stats.tracked)
}

// ---------------------------------------------------------------------------------------------
// Stats

/// On one thread, `live`, `peak` and `tracked` are exact through a rise, a fall, a smaller
/// second rise and slot reuse.
#[test]
fn stats_are_exact_on_one_thread() {
    static MINE: Registry<Item> = Registry::new();
    assert_eq!(counts(MINE.stats()), (0, 0, 0));

    let mut held: Vec<_> = (0..1000).map(|i| MINE.track(item(i)).unwrap()).collect();
    assert_eq!(counts(MINE.stats()), (1000, 1000, 1000));
    held.truncate(250);
    assert_eq!(counts(MINE.stats()), (250, 1000, 1000));
    held.extend((0..500).map(|i| MINE.track(item(i)).unwrap()));
    assert_eq!(counts(MINE.stats()), (750, 1000, 1500));
    // Clones and failed tracks count nothing.
    let clones: Vec<_> = held.iter().map(Tracked::clone).collect();
    assert!(MINE.track(Item { id: 2_000_000 }).is_err());
    assert_eq!(counts(MINE.stats()), (750, 1000, 1500));
    drop((held, clones));
    assert_eq!(counts(MINE.stats()), (0, 1000, 1500));
    assert_eq!(MINE.stats().live, MINE.len());
}

/// 4 threads x 50,000 owners, each thread keeping its last 100 alive and dropping the rest as
/// it goes: afterwards `live` is exactly 400 and `tracked` exactly 200,000. No thread ever had
/// more than 100 alive and all 400 were alive at once at the end, so the true peak is 400;
/// the reported peak is within DESIGN's bounds (at least the true peak, at most the sum of the
/// shards' peaks, which is 400 too here: each shard's peak is 100 per thread in it).
#[test]
fn stats_are_exact_after_multithreaded_churn() {
    static CHURN: Registry<Item> = Registry::new();
    const THREADS: usize = 4;
    const PER_THREAD: u32 = 50_000;
    const KEPT: usize = 100;

    let start = Barrier::new(THREADS);
    let kept: Vec<Vec<Tracked<Item>>> = thread::scope(|s| {
        let workers: Vec<_> = (0..THREADS)
            .map(|_| {
                s.spawn(|| {
                    start.wait();
                    let mut ring: Vec<Option<Tracked<Item>>> = (0..KEPT).map(|_| None).collect();
                    for id in 0..PER_THREAD {
                        let slot = &mut ring[id as usize % KEPT];
                        drop(slot.take());
                        *slot = Some(CHURN.track(item(id)).unwrap());
                    }
                    ring.into_iter().flatten().collect()
                })
            })
            .collect();
        workers.into_iter().map(|w| w.join().unwrap()).collect()
    });

    let stats = CHURN.stats();
    assert_eq!(stats.live, THREADS * KEPT);
    assert_eq!(stats.tracked, THREADS as u64 * u64::from(PER_THREAD));
    let true_peak = THREADS * KEPT;
    assert!(stats.peak >= true_peak, "{stats:?}");
    assert!(stats.peak <= THREADS * KEPT, "{stats:?}");
    assert_eq!(CHURN.census().total(), THREADS * KEPT);

    drop(kept);
    assert_eq!(counts(CHURN.stats()), (0, true_peak, 200_000));
}

/// Two threads that reach their peaks one after the other: the true peak is 100, and the
/// reported one is 100 if they share a shard and 200 if not, never outside those bounds.
#[test]
fn peak_across_threads_is_within_its_bounds() {
    static STAGGERED: Registry<Item> = Registry::new();
    for _ in 0..2 {
        thread::spawn(|| {
            let held: Vec<_> = (0..100)
                .map(|i| STAGGERED.track(item(i)).unwrap())
                .collect();
            drop(held);
        })
        .join()
        .unwrap();
    }
    let stats = STAGGERED.stats();
    assert_eq!((stats.live, stats.tracked), (0, 200));
    assert!((100..=200).contains(&stats.peak), "{stats:?}");
}

// ---------------------------------------------------------------------------------------------
// Creation sites and the census

/// A generic helper that passes its caller's location on, as a user's factory function would.
#[track_caller]
fn make<T: Validated + Send + Sync + 'static>(
    registry: &'static Registry<T>,
    value: T,
) -> Tracked<T> {
    registry.track(value).expect("valid")
}

/// Another helper layer, also `#[track_caller]`, over `Tracked::new`.
#[track_caller]
fn make_default<T: Validated + Send + Sync + 'static>(value: T) -> Tracked<T> {
    Tracked::new(value).expect("valid")
}

/// A type only `census_groups_by_the_creating_line` tracks through its default registry.
#[derive(Validated, Debug)]
struct Session {
    #[within(1, 65535)]
    port: u16,
}

/// Owners are grouped by the exact `file!()`/`line!()` of the call that created them, through
/// `#[track_caller]` helpers, largest group first; `Tracked::site` agrees.
#[test]
fn census_groups_by_the_creating_line() {
    static SITES: Registry<Item> = Registry::new();
    // Each call and its `line!()` in one tuple, so they stay on one line.
    let mut held = Vec::new();
    let (mut a, mut b, mut c) = (0, 0, 0);
    for round in 0..4 {
        let (handle, line) = (make(&SITES, item(round)), line!());
        held.push(handle);
        a = line;
        let (handle, line) = (make(&SITES, item(round)), line!());
        held.push(handle);
        b = line;
        if round < 2 {
            let (handle, line) = (SITES.track(item(round)).unwrap(), line!());
            held.push(handle);
            c = line;
        }
    }

    let census = SITES.census();
    assert_eq!(census.total(), 10);
    assert_eq!(census.live_at(file!(), a), 4);
    assert_eq!(census.live_at(file!(), b), 4);
    assert_eq!(census.live_at(file!(), c), 2);
    assert_eq!(census.rows().len(), 3);
    let rows: Vec<(u32, usize)> = census
        .rows()
        .iter()
        .map(|row| (row.site().line(), row.live()))
        .collect();
    assert_eq!(
        rows,
        [(a, 4), (b, 4), (c, 2)],
        "largest first, then by line"
    );
    assert!(census.rows().iter().all(
        |row| row.site().file() == file!() && row.type_name() == std::any::type_name::<Item>()
    ));
    assert_eq!(Tracked::site(&held[0]).line(), a);
    assert_eq!(Tracked::site(&held[1]).line(), b);

    let (session, line) = (make_default(Session::try_new(443).unwrap()), line!());
    let census = Session::registry().census();
    assert_eq!(census.live_at(file!(), line), 1);
    assert_eq!(census.rows()[0].site().line(), line);
    drop(session);
    assert!(Session::registry().census().rows().is_empty());

    drop(held);
    assert_eq!(SITES.census(), within_runtime::Census::default());
}

/// `growth_since` gives exact per-site changes, increases first and decreases last, with a
/// row for a site whose owners all died; its `Display` is an aligned table.
#[test]
fn growth_deltas_are_exact() {
    static GROWING: Registry<Item> = Registry::new();
    let (mut old, mut gone) = (Vec::new(), 0);
    for i in 0..3 {
        let (handle, line) = (GROWING.track(item(i)).unwrap(), line!());
        old.push(handle);
        gone = line;
    }
    let (steady, flat) = (GROWING.track(item(9)).unwrap(), line!());
    let before = GROWING.census();

    let mut new = Vec::new();
    let (mut five, mut two) = (0, 0);
    for i in 0..5 {
        let (handle, line) = (GROWING.track(item(i)).unwrap(), line!());
        new.push(handle);
        five = line;
        if i < 2 {
            let (handle, line) = (GROWING.track(item(i)).unwrap(), line!());
            new.push(handle);
            two = line;
        }
    }
    assert_eq!(Tracked::site(&new[0]).line(), five);
    assert_eq!(Tracked::site(&new[1]).line(), two);
    drop(old);

    let growth = GROWING.census().growth_since(&before);
    assert_eq!(growth.change_at(file!(), five), 5);
    assert_eq!(growth.change_at(file!(), two), 2);
    assert_eq!(growth.change_at(file!(), flat), 0);
    assert_eq!(growth.change_at(file!(), gone), -3);
    assert_eq!(growth.total_change(), 4);
    let rows: Vec<(u32, usize, isize)> = growth
        .rows()
        .iter()
        .map(|row| (row.site().line(), row.live(), row.change()))
        .collect();
    assert_eq!(
        rows,
        [(five, 5, 5), (two, 2, 2), (flat, 1, 0), (gone, 0, -3)]
    );

    let table = growth.to_string();
    let lines: Vec<&str> = table.lines().collect();
    assert_eq!(lines.len(), 5, "{table}");
    let site = |line: u32| format!("{}:{line}:", file!());
    assert!(lines[0].starts_with("site "), "{table}");
    assert!(lines[0].ends_with("live  change  type"), "{table}");
    assert!(lines[1].starts_with(&site(five)), "{table}");
    assert!(
        lines[1].contains("  5  ") && lines[1].contains("+5"),
        "{table}"
    );
    assert!(
        lines[4].starts_with(&site(gone)) && lines[4].contains("-3"),
        "{table}"
    );
    // Aligned: every line has its type column at the same offset.
    let at = lines[0].find("type").unwrap();
    assert!(lines[1..]
        .iter()
        .all(|line| line[at..].starts_with(std::any::type_name::<Item>())));

    let census_table = GROWING.census().to_string();
    assert!(census_table.starts_with("site "), "{census_table}");
    assert!(census_table.lines().next().unwrap().ends_with("live  type"));
    assert_eq!(census_table.lines().count(), 4);
    drop((new, steady));
}

/// Two types that only this test tracks, through their default registries.
#[derive(Validated, Debug)]
struct Upload {
    #[within(1, 1 << 20)]
    bytes: u32,
}

#[derive(Validated, Debug)]
struct Download<T> {
    #[within(1, 1 << 20)]
    bytes: u32,
    source: T,
}

/// `within_runtime::census()` covers every registry that has tracked an owner, each row
/// with its type's name; a registry that emptied has no rows.
#[test]
fn global_census_lists_every_type_with_its_name() {
    static OWN: Registry<Upload> = Registry::new();
    let (mut uploads, mut up) = (Vec::new(), 0);
    for n in 1..=3 {
        let (upload, line) = (Tracked::new(Upload::try_new(n).unwrap()), line!());
        uploads.push(upload.unwrap());
        up = line;
    }
    let download = Download::try_new(7, "mirror").unwrap();
    let (download, down) = (Tracked::new(download).unwrap(), line!());
    assert_eq!(download.read().source, "mirror");
    let (own, own_line) = (OWN.track(Upload::try_new(9).unwrap()), line!());
    let own = own.unwrap();

    let census = within_runtime::census();
    let ours = |name: &str, line: u32| {
        census
            .rows()
            .iter()
            .filter(|row| {
                row.type_name() == name && row.site().file() == file!() && row.site().line() == line
            })
            .map(|row| row.live())
            .sum::<usize>()
    };
    let upload = std::any::type_name::<Upload>();
    let download_name = std::any::type_name::<Download<&str>>();
    assert!(upload.ends_with("Upload"));
    assert!(download_name.contains("Download<&str>"));
    assert_eq!(ours(upload, up), 3);
    assert_eq!(ours(download_name, down), 1);
    assert_eq!(
        ours(upload, own_line),
        1,
        "a registry of one's own is enlisted too"
    );
    assert!(census.to_string().contains(download_name));

    drop((uploads, download, own));
    let census = within_runtime::census();
    assert!(!census
        .rows()
        .iter()
        .any(|row| row.type_name() == upload || row.type_name() == download_name));
}

/// What the `Drop` of each `Inspector` saw: its own census, the global one, stats.
static INSPECTED: Mutex<Vec<(usize, usize, usize)>> = Mutex::new(Vec::new());
static INSPECTOR_DROPS: AtomicUsize = AtomicUsize::new(0);

/// A type whose `Drop` takes a census of its own registry and of all, and reads its stats.
#[derive(Validated, Debug)]
struct Inspector {
    #[within(0, 99)]
    id: u32,
}

impl Drop for Inspector {
    fn drop(&mut self) {
        let own = Self::registry().census().total();
        let all = within_runtime::census()
            .rows()
            .iter()
            .filter(|row| row.type_name() == std::any::type_name::<Inspector>())
            .map(|row| row.live())
            .sum();
        let live = Self::registry().stats().live;
        INSPECTED.lock().unwrap().push((own, all, live));
        INSPECTOR_DROPS.fetch_add(1, Ordering::SeqCst);
    }
}

/// A `Drop` that calls `census()`, `within_runtime::census()` and `stats()` runs with no
/// registry lock held: no deadlock, whether the owner dies directly or inside a snapshot's
/// drop, and each already sees the registry without itself.
#[test]
fn drop_that_takes_a_census_does_not_deadlock() {
    no_deadlock("census_in_drop", Duration::from_secs(10), || {
        let handles: Vec<_> = (0..3)
            .map(|id| Tracked::new(Inspector::try_new(id).unwrap()).unwrap())
            .collect();
        let mut handles = handles.into_iter();
        drop(handles.next());
        let snapshot = Inspector::registry().live();
        drop(handles);
        drop(snapshot);
        assert_eq!(INSPECTOR_DROPS.load(Ordering::SeqCst), 3);
        assert_eq!(
            *INSPECTED.lock().unwrap(),
            [(2, 2, 2), (1, 1, 1), (0, 0, 0)]
        );
    });
}

// ---------------------------------------------------------------------------------------------
// serde

/// With `serde`, a handle serializes as its value, the same as the value itself.
#[test]
fn tracked_serializes_as_its_value() {
    static SERIALIZED: Registry<Item> = Registry::new();
    let handle = SERIALIZED.track(item(42)).unwrap();
    assert_eq!(serde_json::to_string(&handle).unwrap(), r#"{"id":42}"#);
    let list = vec![handle.clone(), SERIALIZED.track(item(7)).unwrap()];
    assert_eq!(
        serde_json::to_string(&list).unwrap(),
        r#"[{"id":42},{"id":7}]"#
    );
}

/// An owner no other test tracks, for the race below.
#[derive(Validated, Debug)]
struct Racer {
    #[within(0, 9)]
    lane: u8,
}

/// Two threads track the first owners of a fresh registry at once, and each then asks the
/// global census: each must see its own owner, however the registry's enlisting interleaved
/// with the other thread's track (a flag set before the registry was linked in let the second
/// thread return, and count, too early).
#[test]
fn census_counts_an_owner_this_thread_just_tracked() {
    const ROUNDS: usize = 300;
    let registries: Vec<&'static Registry<Racer>> = (0..ROUNDS)
        .map(|_| &*Box::leak(Box::new(Registry::new())))
        .collect();
    let (start, end) = (Barrier::new(2), Barrier::new(2));
    let misses = AtomicUsize::new(0);
    thread::scope(|scope| {
        for lane in 0..2 {
            let (registries, start, end, misses) = (&registries, &start, &end, &misses);
            scope.spawn(move || {
                for registry in registries {
                    start.wait();
                    let owner = registry.track(Racer::try_new(lane).unwrap()).unwrap();
                    let seen: usize = within_runtime::census()
                        .rows()
                        .iter()
                        .filter(|row| row.type_name().ends_with("::Racer"))
                        .map(|row| row.live())
                        .sum();
                    if seen == 0 {
                        misses.fetch_add(1, Ordering::Relaxed);
                    }
                    end.wait();
                    drop(owner);
                }
            });
        }
    });
    assert_eq!(misses.into_inner(), 0);
}

/// `Tracked` and a registry can cross `catch_unwind`, as `Arc<RwLock<T>>` can.
#[test]
fn handles_are_unwind_safe() {
    fn unwind_safe<T: panic::UnwindSafe + panic::RefUnwindSafe>() {}
    unwind_safe::<Tracked<Item>>();
    unwind_safe::<&'static Registry<Item>>();
    let registry: &'static Registry<Item> = Box::leak(Box::new(Registry::new()));
    let owner = registry.track(item(7)).unwrap();
    let id = panic::catch_unwind(|| owner.read().id()).unwrap();
    assert_eq!(id, 7);
}
