//! Rejecting a value allocates nothing, whatever the check: a range, a bound that is another
//! field, a length, a value of a nested struct; only an `Invalid` that carries paths into
//! nested structs allocates them. Counted exactly with a counting global allocator, per thread:
//! both the flag and the count are thread-locals, since the harness runs the tests of this file
//! on parallel threads and allocates on its own now and then.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::time::Duration;
use within_runtime::Validated;

struct Counting;

thread_local! {
    /// Whether this thread's allocations are counted.
    static COUNTED: Cell<bool> = const { Cell::new(false) };
    /// Allocations this thread made while counted.
    static ALLOCATIONS: Cell<usize> = const { Cell::new(0) };
}

/// Counts one allocation if this thread is counted (never while its thread-locals are torn
/// down).
fn record() {
    if COUNTED.try_with(Cell::get).unwrap_or(false) {
        let _ = ALLOCATIONS.try_with(|count| count.set(count.get() + 1));
    }
}

// SAFETY: every call is forwarded to the system allocator unchanged; counting touches only
// `const`-initialised thread-locals without `Drop`, which allocate nothing.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        record();
        // SAFETY: forwarded as is.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: forwarded as is.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        record();
        // SAFETY: forwarded as is.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// How many allocations `f` makes on this thread.
fn allocations<R>(f: impl FnOnce() -> R) -> (usize, R) {
    COUNTED.with(|counted| counted.set(true));
    let before = ALLOCATIONS.with(Cell::get);
    let result = f();
    let after = ALLOCATIONS.with(Cell::get);
    COUNTED.with(|counted| counted.set(false));
    (after - before, result)
}

#[derive(Validated, Debug)]
struct Db {
    #[within(1, 64)]
    pool_size: u32,
    #[within(0, self.pool_size)]
    min_idle: u32,
    #[within(len(1..=8))]
    name: String,
    #[within(chars(..=4))]
    tag: Option<String>,
    #[within(Duration::from_millis(10), Duration::from_secs(60))]
    timeout: Duration,
    #[within(0, 9999, secret)]
    pin: u16,
}

#[derive(Validated, Debug)]
struct Config {
    #[within(nested)]
    primary: Db,
    #[within(nested)]
    replicas: Vec<Db>,
}

fn db() -> Db {
    Db::try_new(8, 2, "main".into(), None, Duration::from_secs(1), 1234).unwrap()
}

#[test]
fn rejections_allocate_nothing() {
    let mut db = db();
    let long = "far too long".to_owned();
    let tag = Some("tagged".to_owned());
    let (count, errors) = allocations(|| {
        [
            db.set_pool_size(65).unwrap_err(),
            db.set_min_idle(9).unwrap_err(),
            db.set_pool_size(1).unwrap_err(),
            db.set_name(long).unwrap_err(),
            db.set_tag(tag).unwrap_err(),
            db.set_timeout(Duration::from_secs(61)).unwrap_err(),
            db.set_pin(10_000).unwrap_err(),
        ]
    });
    assert_eq!(count, 0, "rejecting allocated");
    // And they say what they should (formatting allocates, outside the count).
    assert_eq!(
        errors[2].to_string(),
        "Db.pool_size must be at least min_idle = 2, got 1"
    );
    assert_eq!(
        errors[3].to_string(),
        "Db.name must have a length within [1, 8], got 12"
    );
    let (count, ()) = allocations(|| drop(errors));
    assert_eq!(count, 0);
}

#[test]
fn only_an_invalid_with_nested_paths_allocates() {
    let mut config = Config::try_new(db(), vec![db(), db()]).unwrap();
    // A setter of a nested struct: its own error, no path, no allocation.
    let (count, err) = allocations(|| config.replicas_mut()[1].set_pool_size(0).unwrap_err());
    assert_eq!((count, err.path()), (0, "pool_size"));
    // `validate` of a valid config: nothing.
    let (count, result) = allocations(|| config.validate());
    assert_eq!(count, 0);
    assert!(result.is_ok());
    // Two failures deep inside: the `Invalid`'s list, and a path for each.
    config.replicas[1].pool_size = 0;
    config.replicas[1].min_idle = 0;
    config.replicas[0].min_idle = 100;
    let (count, result) = allocations(|| config.validate());
    let invalid = result.unwrap_err();
    assert_eq!(invalid.errors().len(), 2);
    // The list; the path being walked, `replicas` then `replicas[0]` (one growth); and per
    // error its path's text and the box that holds it with the root.
    assert_eq!(count, 1 + 2 + 2 * 2);
}
