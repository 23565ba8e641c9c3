//! Tracking against its baselines, in one run: today's registry, the registry of commit 8df4964
//! (`before/`, with its own lock and a global lock for generic types), and
//! `Arc::new(RwLock::new(..))`; a generic type against a plain one on two threads; `census()`
//! of 100,000 live owners; and the shard lock alone (`locks.rs`).

use crate::before;
use crate::locks;
use crate::timing::{compare, Case};
use crate::{exam, row, two_threads, Exam, Row};
use std::fmt::Write as _;
use std::hint::black_box;
use std::sync::{Arc, RwLock};
use std::time::Instant;
use within_runtime::{Registry, Tracked, Validated};

/// `Exam` as a generic struct, whose default registry comes from the table keyed by type.
#[derive(Validated, Debug, Clone)]
pub struct GenericExam<T> {
    #[within(0, 100)]
    math: u32,
    #[within(0, 100)]
    physics: u32,
    #[within(0, 100)]
    chemistry: u32,
    /// Only there to make the struct generic.
    #[allow(dead_code)]
    tag: T,
}

fn generic_exam() -> GenericExam<u8> {
    GenericExam::try_new(95, 92, 88, 7).expect("valid")
}

/// The old registry, for `Exam`.
static BEFORE: before::Registry<Exam> = before::Registry::new();

#[inline(never)]
fn tracked_new(n: u64) {
    let e = exam();
    for _ in 0..n {
        let handle = Tracked::new(black_box(e.clone())).expect("valid");
        drop(black_box(handle));
    }
}

#[inline(never)]
fn tracked_new_before(n: u64) {
    let e = exam();
    for _ in 0..n {
        let handle = BEFORE.track(black_box(e.clone())).expect("valid");
        drop(black_box(handle));
    }
}

#[inline(never)]
fn tracked_new_generic(n: u64) {
    let e = generic_exam();
    for _ in 0..n {
        let handle = Tracked::new(black_box(e.clone())).expect("valid");
        drop(black_box(handle));
    }
}

#[inline(never)]
fn tracked_new_generic_before(n: u64) {
    let e = generic_exam();
    let registry = before::registry::registry_of::<GenericExam<u8>>();
    for _ in 0..n {
        // What the old `Tracked::new` did for a generic type: look the registry up each time.
        let registry = if black_box(true) {
            before::registry::registry_of::<GenericExam<u8>>()
        } else {
            registry
        };
        let handle = registry.track(black_box(e.clone())).expect("valid");
        drop(black_box(handle));
    }
}

#[inline(never)]
fn arc_new(n: u64) {
    let e = exam();
    for _ in 0..n {
        let handle = Arc::new(RwLock::new(black_box(e.clone())));
        drop(black_box(handle));
    }
}

/// Owners alive while `census()` is timed.
pub const CENSUS_OWNERS: usize = 100_000;

/// The registry of the census benchmark.
static CENSUSED: Registry<Exam> = Registry::new();

/// The figures the report states besides the rows.
pub struct Tracking {
    pub rows: Vec<Row>,
    /// Milliseconds for one `census()` of `CENSUS_OWNERS`, median.
    pub census_ms: f64,
    pub locks: Vec<locks::LockRow>,
}

pub fn measure() -> Tracking {
    let mut rows = Vec::new();
    eprintln!("timing: Tracked::new + drop, today's registry, the old one, Arc");
    let t = compare(&mut [
        Case::new(tracked_new),
        Case::new(tracked_new_before),
        Case::new(arc_new),
    ]);
    rows.push(row(
        "`Tracked::new(exam)` + drop",
        t[0],
        "`Arc::new(RwLock::new(exam))` + drop",
        t[2],
        Some(1.5),
    ));
    rows.push(row(
        "`Tracked::new(exam)` + drop",
        t[0],
        "the same at commit 8df4964 (old lock, no creation site)",
        t[1],
        Some(1.1),
    ));

    eprintln!("timing: generic and plain types, 2 threads");
    let t = compare(&mut [
        Case::new(|n| two_threads(n, tracked_new_generic)),
        Case::new(|n| two_threads(n, tracked_new)),
        Case::new(|n| two_threads(n, tracked_new_generic_before)),
        Case::new(|n| two_threads(n, tracked_new_before)),
        Case::new(|n| two_threads(n, arc_new)),
    ]);
    rows.push(row(
        "`Tracked::new` + drop of a generic type, 2 threads (wall time per op)",
        t[0],
        "the same for a plain type, 2 threads",
        t[1],
        Some(1.1),
    ));
    rows.push(row(
        "the same at commit 8df4964, generic type, 2 threads",
        t[2],
        "the same at commit 8df4964, plain type, 2 threads",
        t[3],
        None,
    ));
    rows.push(row(
        "`Tracked::new` + drop of a plain type, 2 threads",
        t[1],
        "2 threads doing `Arc::new(RwLock::new(exam))` + drop",
        t[4],
        None,
    ));

    eprintln!("timing: census() of {CENSUS_OWNERS} owners");
    let held: Vec<_> = (0..CENSUS_OWNERS)
        .map(|i| {
            // Three sites, interleaved, so the census groups more than one run.
            let exam = exam();
            match i % 3 {
                0 => CENSUSED.track(exam),
                1 => CENSUSED.track(exam),
                _ => CENSUSED.track(exam),
            }
            .expect("valid")
        })
        .collect();
    let mut samples: Vec<f64> = (0..15)
        .map(|_| {
            let start = Instant::now();
            let census = black_box(CENSUSED.census());
            let elapsed = start.elapsed().as_secs_f64() * 1e3;
            assert_eq!(census.total(), CENSUS_OWNERS);
            assert_eq!(census.rows().len(), 3);
            elapsed
        })
        .collect();
    drop(held);
    samples.sort_by(f64::total_cmp);
    let census_ms = samples[samples.len() / 2];

    eprintln!("timing: the shard lock alone");
    let locks = locks::measure();
    Tracking {
        rows,
        census_ms,
        locks,
    }
}

/// The report's section on the shard lock and the census.
pub fn report(tracking: &Tracking) -> String {
    let mut md = String::new();
    let w = &mut md;
    let _ = writeln!(
        w,
        "## The shard lock\n\nTrack + drop's work on a shard (allocate an owner, lock, take a \
         slot, unlock; count down, lock, free the slot, unlock, free the owner), with each \
         lock, interleaved in one run (`bench/src/locks.rs`). Wall-clock ns per operation; \
         \"one shard\": every thread on the same lock, \"spread\": one shard per thread.\n"
    );
    let names = locks::names();
    let _ = writeln!(
        w,
        "| threads | shards | {} | {} | {} |",
        names[0], names[1], names[2]
    );
    let _ = writeln!(w, "| ---: | --- | ---: | ---: | ---: |");
    for r in &tracking.locks {
        let _ = writeln!(
            w,
            "| {} | {} | {} | {} | {} |",
            r.threads,
            if r.spread { "spread" } else { "one shard" },
            crate::ns(r.ns[0]),
            crate::ns(r.ns[1]),
            crate::ns(r.ns[2]),
        );
    }
    let per_owner = tracking.census_ms * 1e6 / CENSUS_OWNERS as f64;
    let _ = writeln!(
        w,
        "\n## Census\n\n`registry.census()` with {} live owners from three interleaved sites: \
         {:.2} ms (median of 15), {:.1} ns per owner; goal < 10 ms: {}.\n",
        crate::svg::grouped(CENSUS_OWNERS),
        tracking.census_ms,
        per_owner,
        crate::verdict(tracking.census_ms < 10.0)
    );
    md
}
