//! Rejecting a value allocates nothing, whatever the check: a range, a bound that is another
//! field, a length, a value of a nested struct; only an `Invalid` that carries paths into
//! nested structs allocates them. Counted exactly with a counting global allocator, for the
//! test's own thread only (the harness allocates on its own now and then).

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;
use within_runtime::Validated;

struct Counting;

/// Allocations made by counted threads.
static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);

thread_local! {
    static COUNTED: Cell<bool> = const { Cell::new(false) };
}

// SAFETY: every call is forwarded to the system allocator unchanged; counting reads a
// `const`-initialised thread-local without `Drop`, which allocates nothing.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if COUNTED.try_with(Cell::get).unwrap_or(false) {
            ALLOCATIONS.fetch_add(1, Ordering::SeqCst);
        }
        // SAFETY: forwarded as is.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: forwarded as is.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if COUNTED.try_with(Cell::get).unwrap_or(false) {
            ALLOCATIONS.fetch_add(1, Ordering::SeqCst);
        }
        // SAFETY: forwarded as is.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// How many allocations `f` makes on this thread.
fn allocations<R>(f: impl FnOnce() -> R) -> (usize, R) {
    COUNTED.with(|counted| counted.set(true));
    let before = ALLOCATIONS.load(Ordering::SeqCst);
    let result = f();
    let after = ALLOCATIONS.load(Ordering::SeqCst);
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
