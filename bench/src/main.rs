//! Benchmarks of `within` against hand-written code, `validator`, `garde`, two naive registries
//! and the Python original (`seed.py`).
//!
//! Run from the repository root:
//!
//! ```text
//! cargo run --release --manifest-path bench/Cargo.toml            # everything
//! cargo run --release --manifest-path bench/Cargo.toml -- --no-python
//! cargo run --release --manifest-path bench/Cargo.toml -- --write  # update the committed files
//! cargo run --release --manifest-path bench/Cargo.toml -- --only web  # one group's rows, printed
//! cargo run --release --manifest-path bench/Cargo.toml -- --only rules  # groups: web, hotpath, rules
//! ```
//!
//! It prints a markdown report and writes it, with the chart, to `bench/target/` (see
//! `output.rs`); with `--write`, to `bench/RESULTS.md` and `docs/memory.svg`. Timings are medians of interleaved repetitions (see `timing.rs`); every
//! ratio is against a baseline measured in the same run, a few milliseconds apart.

mod alloc;
mod before;
mod checks;
mod held;
mod hotpath;
mod locks;
mod output;
mod registries;
mod rules;
mod svg;
mod timing;
mod tracking;
mod web;

use registries::{LazyWeak, Strong, Tracks};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::hint::black_box;
use std::path::Path;
use std::process::Command;
use std::sync::{Arc, Barrier, RwLock};
use std::time::Instant;
use timing::{compare, Case};
use within_runtime::{Registry, Tracked, Validated};

#[global_allocator]
static GLOBAL: alloc::Counting = alloc::Counting;

/// The seed's struct: three marks within 0..=100.
#[derive(Validated, Debug, Clone, PartialEq)]
pub struct Exam {
    #[within(0, 100)]
    math: u32,
    #[within(0, 100)]
    physics: u32,
    #[within(0, 100)]
    chemistry: u32,
}

/// The same struct checked by `validator`.
#[derive(validator::Validate)]
pub struct ValidatorExam {
    #[validate(range(min = 0, max = 100))]
    math: u32,
    #[validate(range(min = 0, max = 100))]
    physics: u32,
    #[validate(range(min = 0, max = 100))]
    chemistry: u32,
}

/// The same struct checked by `garde`.
#[derive(garde::Validate)]
pub struct GardeExam {
    #[garde(range(min = 0, max = 100))]
    math: u32,
    #[garde(range(min = 0, max = 100))]
    physics: u32,
    #[garde(range(min = 0, max = 100))]
    chemistry: u32,
}

/// The same struct with hand-written checks.
#[derive(Debug, Clone)]
#[allow(dead_code)] // only `math` is exercised
pub struct Plain {
    math: u32,
    physics: u32,
    chemistry: u32,
}

const MIN: u32 = 0;
const MAX: u32 = 100;

/// A hand-written error carrying what `OutOfRange` carries: field, bounds and value.
#[derive(Debug)]
#[allow(dead_code)] // read only through `black_box`
pub struct HandError {
    field: &'static str,
    min: u32,
    max: u32,
    value: u32,
}

impl Plain {
    /// The hand-written check; the error is a unit.
    #[inline]
    #[allow(
        clippy::absurd_extreme_comparisons,
        clippy::manual_range_contains,
        clippy::result_unit_err
    )]
    pub fn set_math(&mut self, value: u32) -> Result<(), ()> {
        if MIN <= value && value <= MAX {
            self.math = value;
            Ok(())
        } else {
            Err(())
        }
    }

    /// A hand-written checked constructor, for comparison with `try_new`.
    #[inline]
    #[allow(
        clippy::absurd_extreme_comparisons,
        clippy::manual_range_contains,
        clippy::result_unit_err
    )]
    pub fn try_new(math: u32, physics: u32, chemistry: u32) -> Result<Self, ()> {
        if MIN <= math
            && math <= MAX
            && MIN <= physics
            && physics <= MAX
            && MIN <= chemistry
            && chemistry <= MAX
        {
            Ok(Plain {
                math,
                physics,
                chemistry,
            })
        } else {
            Err(())
        }
    }

    /// The hand-written check; the error names the field, the bounds and the value.
    #[inline]
    #[allow(clippy::absurd_extreme_comparisons, clippy::manual_range_contains)]
    pub fn set_math_detailed(&mut self, value: u32) -> Result<(), HandError> {
        if MIN <= value && value <= MAX {
            self.math = value;
            Ok(())
        } else {
            Err(HandError {
                field: "math",
                min: MIN,
                max: MAX,
                value,
            })
        }
    }
}

fn exam() -> Exam {
    Exam::try_new(95, 92, 88).expect("valid")
}

fn plain() -> Plain {
    Plain {
        math: 95,
        physics: 92,
        chemistry: 88,
    }
}

// ---------------------------------------------------------------------------------------------
// The timed loops. Each is its own non-inlined function, so its code does not depend on where
// it is called from; `black_box` keeps the inputs opaque and the results used.

/// Uses a result the way real code does: the value or the error goes on to opaque code, and an
/// error is built in memory only when there is one. (`black_box` on the whole `Result` would
/// instead make the compiler write every byte of the error variant on the `Ok` path too.)
#[inline(always)]
fn consume<T, E>(result: Result<T, E>) {
    match result {
        Ok(value) => drop(black_box(value)),
        Err(error) => drop(black_box(error)),
    }
}

const IN: u32 = 98;
const OUT: u32 = 101;

#[inline(never)]
fn set_ours(n: u64, value: u32) {
    let mut e = exam();
    for _ in 0..n {
        consume(black_box(&mut e).set_math(black_box(value)));
    }
}

#[inline(never)]
fn set_hand(n: u64, value: u32) {
    let mut p = plain();
    for _ in 0..n {
        consume(black_box(&mut p).set_math(black_box(value)));
    }
}

#[inline(never)]
fn set_hand_detailed(n: u64, value: u32) {
    let mut p = plain();
    for _ in 0..n {
        consume(black_box(&mut p).set_math_detailed(black_box(value)));
    }
}

#[inline(never)]
fn set_raw(n: u64) {
    let mut p = plain();
    for _ in 0..n {
        black_box(&mut p).math = black_box(IN);
    }
}

#[inline(never)]
fn try_new_ours(n: u64) {
    for _ in 0..n {
        consume(Exam::try_new(black_box(95), black_box(92), black_box(88)));
    }
}

#[inline(never)]
fn literal(n: u64) {
    for _ in 0..n {
        black_box(Plain {
            math: black_box(95),
            physics: black_box(92),
            chemistry: black_box(88),
        });
    }
}

#[inline(never)]
fn try_new_hand(n: u64) {
    for _ in 0..n {
        consume(Plain::try_new(black_box(95), black_box(92), black_box(88)));
    }
}

#[inline(never)]
fn validate_ours(n: u64) {
    let e = exam();
    for _ in 0..n {
        consume(black_box(&e).validate());
    }
}

#[inline(never)]
fn validate_validator(n: u64) {
    use validator::Validate;
    let e = ValidatorExam {
        math: 95,
        physics: 92,
        chemistry: 88,
    };
    for _ in 0..n {
        consume(black_box(&e).validate());
    }
}

#[inline(never)]
fn validate_garde(n: u64) {
    use garde::Validate;
    let e = GardeExam {
        math: 95,
        physics: 92,
        chemistry: 88,
    };
    for _ in 0..n {
        consume(black_box(&e).validate());
    }
}

/// The registry of the tracking benchmarks.
static TRACK: Registry<Exam> = Registry::new();

#[inline(never)]
fn track_ours(n: u64) {
    let e = exam();
    for _ in 0..n {
        let handle = TRACK.track(black_box(e.clone())).expect("valid");
        drop(black_box(handle));
    }
}

#[inline(never)]
fn track_arc(n: u64) {
    let e = exam();
    for _ in 0..n {
        let handle = Arc::new(RwLock::new(black_box(e.clone())));
        drop(black_box(handle));
    }
}

/// What the Python benchmark's "create + drop" does: build from three marks, track, drop.
#[inline(never)]
fn create_track_drop_ours(n: u64) {
    for _ in 0..n {
        let exam = Exam::try_new(black_box(95), black_box(92), black_box(88)).expect("valid");
        let handle = Tracked::new(exam).expect("valid");
        drop(black_box(handle));
    }
}

#[inline(never)]
fn read_ours(n: u64, handle: &Tracked<Exam>) {
    for _ in 0..n {
        black_box(black_box(handle).read().math());
    }
}

#[inline(never)]
fn read_bare(n: u64, lock: &RwLock<Exam>) {
    for _ in 0..n {
        black_box(black_box(lock).read().unwrap().math());
    }
}

#[inline(never)]
fn write_ours(n: u64, handle: &Tracked<Exam>) {
    for _ in 0..n {
        consume(black_box(handle).write().set_math(black_box(IN)));
    }
}

#[inline(never)]
fn write_bare(n: u64, lock: &RwLock<Exam>) {
    for _ in 0..n {
        consume(black_box(lock).write().unwrap().set_math(black_box(IN)));
    }
}

/// The registry of the `live()` benchmark.
static LIVE: Registry<Exam> = Registry::new();
/// How many owners are alive while `live()` is timed.
const LIVE_OWNERS: usize = 1000;

#[inline(never)]
fn live_ours(n: u64) {
    for _ in 0..n {
        drop(black_box(LIVE.live()));
    }
}

#[inline(never)]
fn live_weak(n: u64, registry: &LazyWeak<Exam>) {
    for _ in 0..n {
        drop(black_box(registry.live()));
    }
}

/// The registry of the contention benchmark.
static CONTENDED: Registry<Exam> = Registry::new();

/// `n` operations split over two threads started together.
fn two_threads(n: u64, op: fn(u64)) {
    let start = Barrier::new(2);
    std::thread::scope(|s| {
        for _ in 0..2 {
            s.spawn(|| {
                start.wait();
                op(n / 2);
            });
        }
    });
}

#[inline(never)]
fn track_contended(n: u64) {
    let e = exam();
    for _ in 0..n {
        let handle = CONTENDED.track(black_box(e.clone())).expect("valid");
        drop(black_box(handle));
    }
}

// ---------------------------------------------------------------------------------------------
// Report rows.

/// One line of the timing table.
struct Row {
    operation: String,
    ours: f64,
    baseline: String,
    base: f64,
    /// The goal on the ratio `ours / base`, if there is one.
    goal: Option<f64>,
}

impl Row {
    fn ratio(&self) -> f64 {
        self.ours / self.base
    }
}

fn row(operation: &str, ours: f64, baseline: &str, base: f64, goal: Option<f64>) -> Row {
    Row {
        operation: operation.to_string(),
        ours,
        baseline: baseline.to_string(),
        base,
        goal,
    }
}

fn time_rows() -> (Vec<Row>, BTreeMap<&'static str, f64>) {
    let mut rows = Vec::new();
    let mut named = BTreeMap::new();

    eprintln!("timing: setters");
    let t = compare(&mut [
        Case::new(|n| set_ours(n, IN)),
        Case::new(|n| set_hand(n, IN)),
        Case::new(set_raw),
    ]);
    named.insert("set", t[0]);
    rows.push(row(
        "`exam.set_math(98)`, in range",
        t[0],
        "hand-written `if MIN <= v && v <= MAX`, `Result<(), ()>`",
        t[1],
        Some(1.05),
    ));
    rows.push(row(
        "`exam.set_math(98)`, in range",
        t[0],
        "raw field store `p.math = 98`",
        t[2],
        None,
    ));

    let t = compare(&mut [
        Case::new(|n| set_ours(n, OUT)),
        Case::new(|n| set_hand(n, OUT)),
        Case::new(|n| set_hand_detailed(n, OUT)),
    ]);
    rows.push(row(
        "`exam.set_math(101)`, rejected",
        t[0],
        "hand-written, `Err(())` (carries nothing)",
        t[1],
        None,
    ));
    rows.push(row(
        &format!(
            "`exam.set_math(101)`, rejected (`OutOfRange`: {} B)",
            std::mem::size_of::<within_runtime::OutOfRange>()
        ),
        t[0],
        &format!(
            "hand-written, `Err(HandError {{ field, min, max, value }})` ({} B)",
            std::mem::size_of::<HandError>()
        ),
        t[2],
        Some(1.05),
    ));

    eprintln!("timing: constructors and validate()");
    let t = compare(&mut [
        Case::new(try_new_ours),
        Case::new(literal),
        Case::new(try_new_hand),
    ]);
    rows.push(row(
        "`Exam::try_new(95, 92, 88)`",
        t[0],
        "struct literal",
        t[1],
        None,
    ));
    rows.push(row(
        "`Exam::try_new(95, 92, 88)`",
        t[0],
        "hand-written checked constructor, `Result<Plain, ()>`",
        t[2],
        None,
    ));
    let t = compare(&mut [
        Case::new(validate_ours),
        Case::new(validate_validator),
        Case::new(validate_garde),
    ]);
    rows.push(row(
        "`exam.validate()`, 3 fields, valid",
        t[0],
        "validator 0.21 `validate()`",
        t[1],
        Some(1.0),
    ));
    rows.push(row(
        "`exam.validate()`, 3 fields, valid",
        t[0],
        "garde 0.23 `validate()`",
        t[2],
        Some(1.0),
    ));

    eprintln!("timing: tracking");
    let t = compare(&mut [
        Case::new(track_ours),
        Case::new(track_arc),
        Case::new(create_track_drop_ours),
    ]);
    named.insert("create_track_drop", t[2]);
    rows.push(row(
        "`REGISTRY.track(exam)` + drop",
        t[0],
        "`Arc::new(RwLock::new(exam))` + drop",
        t[1],
        Some(1.5),
    ));
    rows.push(row(
        "`Tracked::new(Exam::try_new(95, 92, 88)?)` + drop",
        t[2],
        "`Arc::new(RwLock::new(exam))` + drop",
        t[1],
        None,
    ));

    let handle = TRACK.track(exam()).expect("valid");
    let lock = RwLock::new(exam());
    let t = compare(&mut [
        Case::new(|n| read_ours(n, &handle)),
        Case::new(|n| read_bare(n, &lock)),
        Case::new(|n| write_ours(n, &handle)),
        Case::new(|n| write_bare(n, &lock)),
    ]);
    rows.push(row(
        "`handle.read().math()`",
        t[0],
        "`rwlock.read().unwrap().math()`",
        t[1],
        Some(1.05),
    ));
    rows.push(row(
        "`handle.write().set_math(98)`",
        t[2],
        "`rwlock.write().unwrap().set_math(98)`",
        t[3],
        Some(1.05),
    ));
    drop(handle);

    let held: Vec<_> = (0..LIVE_OWNERS)
        .map(|_| LIVE.track(exam()).expect("valid"))
        .collect();
    let weak = LazyWeak::new();
    let weak_held: Vec<_> = (0..LIVE_OWNERS).map(|_| weak.track(exam())).collect();
    let t = compare(&mut [Case::new(live_ours), Case::new(|n| live_weak(n, &weak))]);
    let per = LIVE_OWNERS as f64;
    rows.push(row(
        "`live()` + drop of the snapshot, per live owner (1,000 alive)",
        t[0] / per,
        "`Mutex<Vec<Weak<_>>>`: upgrade each into a `Vec`, per owner",
        t[1] / per,
        None,
    ));
    drop((held, weak_held));

    eprintln!("timing: two threads");
    let t = compare(&mut [
        Case::new(|n| two_threads(n, track_contended)),
        Case::new(|n| two_threads(n, track_arc)),
    ]);
    rows.push(row(
        "track + drop, 2 threads on one registry (wall time per op)",
        t[0],
        "2 threads doing `Arc::new(RwLock::new(exam))` + drop",
        t[1],
        None,
    ));

    rows.extend(checks::rows());
    rows.extend(rules::rows());
    rows.extend(web::rows());
    (rows, named)
}

// ---------------------------------------------------------------------------------------------
// Memory.

/// Owners created in the churn workload.
const CHURN: usize = 1_000_000;
/// Owners alive at most during the churn.
const ALIVE: usize = 100;
/// Owners held at once in the peak workload.
const HELD: usize = 100_000;

/// What the churn workload measured for one registry.
struct Churn {
    peak: isize,
    /// Bytes still allocated once every owner has been dropped.
    after: isize,
}

fn marks(i: usize) -> Exam {
    Exam::try_new((i % 101) as u32, 50, 50).expect("valid")
}

/// Creates `CHURN` owners through `registry`, keeping the last `ALIVE`, then drops them all.
fn churn<R: Tracks>(registry: &R) -> Churn {
    let mut ring: Vec<Option<R::Handle>> = (0..ALIVE).map(|_| None).collect();
    alloc::start();
    for i in 0..CHURN {
        ring[i % ALIVE] = Some(registry.track_exam(marks(i)));
    }
    for slot in &mut ring {
        *slot = None;
    }
    let after = alloc::current();
    let peak = alloc::peak();
    alloc::stop();
    Churn { peak, after }
}

/// Holds `HELD` owners at once, drops them; returns (bytes at the peak, bytes kept after).
fn hold<R: Tracks>(registry: &R) -> (isize, isize) {
    let mut held = Vec::with_capacity(HELD);
    alloc::start();
    for i in 0..HELD {
        held.push(registry.track_exam(marks(i)));
    }
    let at_peak = alloc::current();
    held.clear();
    let after = alloc::current();
    alloc::stop();
    (at_peak, after)
}

/// A fresh registry of ours, made before counting starts.
fn fresh() -> &'static Registry<Exam> {
    Box::leak(Box::new(Registry::new()))
}

/// Allocations per call of `op`, averaged over many calls.
fn allocations_per(mut op: impl FnMut()) -> f64 {
    const CALLS: usize = 1000;
    alloc::start();
    for _ in 0..CALLS {
        op();
    }
    let count = alloc::allocations();
    alloc::stop();
    count as f64 / CALLS as f64
}

struct Memory {
    churn: [(&'static str, Churn); 3],
    hold: [(&'static str, (isize, isize)); 3],
    rejections: Vec<(&'static str, f64)>,
}

const OURS: &str = "ours: `Registry` + `Tracked`";
const STRONG: &str = "strong `Mutex<Vec<Arc<_>>>` (the Python dict bug)";
const WEAK: &str = "lazy `Mutex<Vec<Weak<_>>>`, pruned when full";

fn memory() -> Memory {
    eprintln!("memory: churn of {CHURN} owners");
    let ours = churn(&fresh());
    let strong_registry = Strong::new();
    let strong = churn(&strong_registry);
    drop(strong_registry);
    let weak_registry = LazyWeak::new();
    let weak = churn(&weak_registry);
    drop(weak_registry);

    eprintln!("memory: {HELD} owners held at once");
    let ours_hold = hold(&fresh());
    let strong_registry = Strong::new();
    let strong_hold = hold(&strong_registry);
    drop(strong_registry);
    let weak_registry = LazyWeak::new();
    let weak_hold = hold(&weak_registry);
    drop(weak_registry);

    let mut rejections = Vec::new();
    let mut e = exam();
    rejections.push((
        "ours: `exam.set_math(101)`",
        allocations_per(|| {
            black_box(black_box(&mut e).set_math(black_box(OUT))).ok();
        }),
    ));
    let mut p = plain();
    rejections.push((
        "hand-written `Err(())`",
        allocations_per(|| {
            black_box(black_box(&mut p).set_math(black_box(OUT))).ok();
        }),
    ));
    rejections.push((
        "ours: `Exam::try_new(101, 92, 88)` (the `Invalid` list)",
        allocations_per(|| {
            black_box(Exam::try_new(black_box(OUT), 92, 88)).ok();
        }),
    ));
    let bad = Exam {
        math: OUT,
        physics: 92,
        chemistry: 88,
    };
    rejections.push((
        "ours: `validate()`, one field out of range",
        allocations_per(|| {
            black_box(black_box(&bad).validate()).ok();
        }),
    ));
    let bad = ValidatorExam {
        math: OUT,
        physics: 92,
        chemistry: 88,
    };
    rejections.push((
        "validator: `validate()`, one field out of range",
        allocations_per(|| {
            black_box(validator::Validate::validate(black_box(&bad))).ok();
        }),
    ));
    let bad = GardeExam {
        math: OUT,
        physics: 92,
        chemistry: 88,
    };
    rejections.push((
        "garde: `validate()`, one field out of range",
        allocations_per(|| {
            black_box(garde::Validate::validate(black_box(&bad))).ok();
        }),
    ));

    Memory {
        churn: [(OURS, ours), (STRONG, strong), (WEAK, weak)],
        hold: [(OURS, ours_hold), (STRONG, strong_hold), (WEAK, weak_hold)],
        rejections,
    }
}

// ---------------------------------------------------------------------------------------------
// Python, machine, report.

/// `seed.py --kv`: the Python original's figures, as `key value` lines.
fn python() -> Option<BTreeMap<String, String>> {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("seed.py");
    eprintln!("python: {} --kv (about 30 s)", script.display());
    let output = Command::new("python3")
        .arg(&script)
        .arg("--kv")
        .output()
        .ok()?;
    if !output.status.success() {
        eprintln!("python failed: {}", String::from_utf8_lossy(&output.stderr));
        return None;
    }
    Some(
        String::from_utf8_lossy(&output.stdout)
            .lines()
            .filter_map(|line| {
                let (key, value) = line.split_once(' ')?;
                Some((key.to_string(), value.trim().to_string()))
            })
            .collect(),
    )
}

fn run(program: &str, args: &[&str]) -> String {
    Command::new(program)
        .args(args)
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_else(|| "unknown".to_string())
}

fn machine() -> String {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|info| {
            info.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split_once(':'))
                .map(|(_, v)| v.trim().to_string())
        })
        .unwrap_or_else(|| "unknown".to_string());
    let load = std::fs::read_to_string("/proc/loadavg")
        .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "unknown".to_string());
    format!(
        "- date: {}\n- code: commit {}{}\n- CPU: {cpu}, `nproc` = {}\n- load average at start (1, 5, 15 min): {load}\n- {}\n- {}\n",
        run("date", &["-u", "+%Y-%m-%d %H:%M UTC"]),
        run("git", &["rev-parse", "--short", "HEAD"]),
        if run("git", &["status", "--porcelain", "--untracked-files=no"]).is_empty() {
            ""
        } else {
            " with uncommitted changes"
        },
        run("nproc", &[]),
        run("rustc", &["--version"]),
        run("uname", &["-sr"]),
    )
}

fn ns(value: f64) -> String {
    if value >= 100.0 {
        format!("{value:.0}")
    } else if value >= 10.0 {
        format!("{value:.1}")
    } else {
        format!("{value:.2}")
    }
}

fn verdict(ok: bool) -> &'static str {
    if ok {
        "met"
    } else {
        "**missed**"
    }
}

/// The time table: a markdown row per operation, its baseline, the ratio and the goal.
fn time_table(w: &mut String, rows: &[Row]) {
    let _ = writeln!(
        w,
        "| operation | ours (ns) | baseline | baseline (ns) | ratio | goal |"
    );
    let _ = writeln!(w, "| --- | ---: | --- | ---: | ---: | --- |");
    for r in rows {
        let goal = match r.goal {
            Some(g) if g == 1.0 => format!("<= 1.00x: {}", verdict(r.ratio() <= g)),
            Some(g) => format!("<= {g:.2}x: {}", verdict(r.ratio() <= g)),
            None => String::new(),
        };
        let _ = writeln!(
            w,
            "| {} | {} | {} | {} | {:.2}x | {} |",
            r.operation,
            ns(r.ours),
            r.baseline,
            ns(r.base),
            r.ratio(),
            goal
        );
    }
}

/// The rows of one group alone, printed and not written anywhere (a partial report would
/// replace the whole one): `--only web`, for the loopback round trips.
fn only() -> Option<String> {
    let args: Vec<String> = std::env::args().collect();
    let at = args.iter().position(|arg| arg == "--only")?;
    Some(args.get(at + 1).cloned().unwrap_or_default())
}

fn main() {
    if let Some(group) = only() {
        let rows = match group.as_str() {
            "web" => web::rows(),
            "hotpath" => hotpath::measure(),
            "rules" => rules::rows(),
            _ => {
                eprintln!("--only takes a group: web, hotpath, rules");
                std::process::exit(2);
            }
        };
        let mut md = String::new();
        time_table(&mut md, &rows);
        print!("{md}");
        return;
    }
    let with_python = !std::env::args().any(|a| a == "--no-python");
    let started = Instant::now();
    let machine = machine();
    let (mut rows, named) = time_rows();
    let mut tracking = tracking::measure();
    rows.append(&mut tracking.rows);
    rows.append(&mut hotpath::measure());
    let memory = memory();
    let python = if with_python { python() } else { None };

    let mut md = String::new();
    let w = &mut md;
    let _ = writeln!(w, "# Benchmarks\n");
    let _ = writeln!(
        w,
        "Generated by `cargo run --release --manifest-path bench/Cargo.toml -- --write` (run \
         from the repository root; it also runs `python3 bench/seed.py --kv` and draws \
         `docs/memory.svg`; without `--write`, both go to `bench/target/`). Add \
         `--no-python` to skip the Python side.\n"
    );
    let _ = writeln!(w, "## Machine\n\n{machine}");
    let _ = writeln!(
        w,
        "## Method\n\nEach operation runs in a loop of its own (`#[inline(never)]`, inputs and \
         results through `std::hint::black_box`), calibrated so that one repetition takes at \
         least {} ms. The operation and its baselines then run interleaved, {} repetitions \
         each, and the median time per operation is reported, so a burst of load from another \
         process hits both sides alike. Times include the loop and `black_box` overhead \
         (about 0.3 ns), the same on both sides. A result is used as real code uses it: the \
         `Ok` value or the error goes on to `black_box`, so an error is built in memory only \
         when there is one. Memory is the bytes requested from the global allocator and not \
         yet freed, counted by a wrapper around the system allocator that is switched on only \
         during the memory phases (so it costs the timed loops one untaken branch).\n",
        timing::TARGET.as_millis(),
        timing::REPS
    );
    let _ = writeln!(
        w,
        "Baselines: the same three-field struct with hand-written checks; `validator` and \
         `garde` deriving the same `range(min = 0, max = 100)` rules; `Arc<RwLock<Exam>>` for a \
         shared owner. The rejection goal is judged against a hand-written error that carries \
         what `OutOfRange` carries (field, bounds, value); the row against `Err(())`, which \
         carries nothing, shows the floor. `live()` is compared with the snapshot of a \
         `Mutex<Vec<Weak<_>>>` registry. The two-thread rows are wall-clock time per \
         operation with both threads running; the `Arc` baseline shares nothing between the \
         threads, ours shares the registry's lock.\n"
    );

    let _ = writeln!(w, "## Time\n");
    time_table(w, &rows);
    let _ = writeln!(w);
    w.push_str(&tracking::report(&tracking));
    let _ = writeln!(w, "## Allocations per rejection\n");
    let _ = writeln!(w, "| operation | allocations per call |");
    let _ = writeln!(w, "| --- | ---: |");
    for (name, count) in &memory.rejections {
        let _ = writeln!(w, "| {name} | {count} |");
    }

    let _ = writeln!(
        w,
        "\n## Memory\n\n{} owners (`Exam`, three `u32`) created and dropped through each \
         registry, at most {ALIVE} alive at once; then {} owners held at once and all dropped. \
         Bytes still allocated, counted from an empty registry.\n",
        svg::grouped(CHURN),
        svg::grouped(HELD)
    );
    let _ = writeln!(
        w,
        "| registry | peak during churn | held after churn | held at {} alive | kept after they drop | kept per peak owner |",
        svg::grouped(HELD)
    );
    let _ = writeln!(w, "| --- | ---: | ---: | ---: | ---: | ---: |");
    for ((name, c), (_, (at_peak, kept))) in memory.churn.iter().zip(&memory.hold) {
        let _ = writeln!(
            w,
            "| {name} | {} | {} | {} | {} | {:.1} B |",
            svg::human(c.peak as f64),
            svg::human(c.after as f64),
            svg::human(*at_peak as f64),
            svg::human(*kept as f64),
            *kept as f64 / HELD as f64
        );
    }
    let _ = writeln!(
        w,
        "\n![memory held against owners created](../docs/memory.svg)\n"
    );

    let chart = held::chart();

    // Python.
    let mut python_ok = None;
    if let Some(py) = &python {
        let get = |key: &str| {
            py.get(key)
                .and_then(|v| v.parse::<f64>().ok())
                .unwrap_or(f64::NAN)
        };
        let set = named["set"];
        let ctd = named["create_track_drop"];
        let _ = writeln!(
            w,
            "## Rust vs the Python original\n\n`bench/seed.py` ({}): the `Within(min, max)` \
             descriptor of the blog post, with `_seen` a `dict` (the leak) or a \
             `weakref.WeakKeyDictionary` (the fix), on the same workloads. Rust is ours \
             from the table above.\n",
            py.get("python").map(String::as_str).unwrap_or("python3")
        );
        let _ = writeln!(w, "| workload | Rust | Python, dict | Python, WeakKeyDictionary | Rust faster than WeakKeyDictionary by |");
        let _ = writeln!(w, "| --- | ---: | ---: | ---: | ---: |");
        let set_speedup = get("set_weak_ns") / set;
        let ctd_speedup = get("create_drop_weak_ns") / ctd;
        let _ = writeln!(
            w,
            "| set one field, in range (ns) | {} | {} | {} | {:.0}x (goal >= 100x: {}) |",
            ns(set),
            ns(get("set_dict_ns")),
            ns(get("set_weak_ns")),
            set_speedup,
            verdict(set_speedup >= 100.0)
        );
        let _ = writeln!(
            w,
            "| create from three marks + track + drop (ns) | {} | {} | {} | {:.0}x (goal >= 40x: {}) |",
            ns(ctd),
            ns(get("create_drop_dict_ns")),
            ns(get("create_drop_weak_ns")),
            ctd_speedup,
            verdict(ctd_speedup >= 40.0)
        );
        let ours = &memory.churn[0].1;
        let _ = writeln!(
            w,
            "| memory held after {} created and dropped | {} | {} | {} | |",
            svg::grouped(CHURN),
            svg::human(ours.after as f64),
            svg::human(get("mem_after_dict")),
            svg::human(get("mem_after_weak")),
        );
        let _ = writeln!(
            w,
            "| peak memory during that churn | {} | {} | {} | |",
            svg::human(ours.peak as f64),
            svg::human(get("mem_peak_dict")),
            svg::human(get("mem_peak_weak")),
        );
        let _ = writeln!(
            w,
            "\nPython memory is `tracemalloc`'s traced size after `gc.collect()`, counted from \
             before the first instance; Rust's is the counting allocator's.\n"
        );
        python_ok = Some((
            set_speedup >= 100.0 && ctd_speedup >= 40.0,
            set_speedup,
            ctd_speedup,
        ));
    }

    // Goals.
    let ours = &memory.churn[0].1;
    let kept_per_owner = memory.hold[0].1 .1 as f64 / HELD as f64;
    let reject_allocs = memory.rejections[0].1;
    let _ = writeln!(w, "## Goals\n");
    let _ = writeln!(w, "| goal | this run | |");
    let _ = writeln!(w, "| --- | --- | --- |");
    for r in rows.iter().filter(|r| r.goal.is_some()) {
        let g = r.goal.unwrap_or(f64::INFINITY);
        let _ = writeln!(
            w,
            "| {} vs {}: ratio <= {g:.2} | {:.2}x ({} vs {} ns) | {} |",
            r.operation,
            r.baseline,
            r.ratio(),
            ns(r.ours),
            ns(r.base),
            verdict(r.ratio() <= g)
        );
    }
    let _ = writeln!(
        w,
        "| rejecting a primitive allocates nothing | {reject_allocs} allocations | {} |",
        verdict(reject_allocs == 0.0)
    );
    let _ = writeln!(
        w,
        "| memory after churn within a few KiB (<= 4 KiB) of the empty registry | {} | {} |",
        svg::human(ours.after as f64),
        verdict(ours.after <= 4096)
    );
    let _ = writeln!(
        w,
        "| <= 16 B kept per peak owner after {} held then dropped | {kept_per_owner:.1} B | {} |",
        svg::grouped(HELD),
        verdict(kept_per_owner <= 16.0)
    );
    if let Some(ok) = python_ok {
        let _ = writeln!(
            w,
            "| vs Python's WeakKeyDictionary: >= 100x on a set, >= 40x on create + track + drop | {:.0}x and {:.0}x | {} |",
            ok.1,
            ok.2,
            verdict(ok.0)
        );
    }
    let _ = writeln!(
        w,
        "\nTotal run time: {:.0} s.",
        started.elapsed().as_secs_f64()
    );

    print!("{md}");
    let (results, chart_path) = output::write(&md, &chart);
    eprintln!("wrote {} and {}", results.display(), chart_path.display());
}
