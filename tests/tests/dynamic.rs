//! `dynamic` bounds: read from run-time state at each check, so a limit from a reloaded
//! configuration holds from the moment it changes, and errors show the values of that moment.

use std::sync::atomic::{AtomicU32, AtomicUsize, Ordering};
use within_runtime::Validated;

static MAX_CONNS: AtomicU32 = AtomicU32::new(50);
static MAX_TAGS: AtomicUsize = AtomicUsize::new(3);

fn max_conns() -> u32 {
    MAX_CONNS.load(Ordering::Relaxed)
}

fn min_conns() -> u32 {
    1
}

fn max_tags() -> usize {
    MAX_TAGS.load(Ordering::Relaxed)
}

#[derive(Validated, Debug)]
struct Pool {
    #[within(1, max_conns(), dynamic)]
    conns: u32,
    #[within(min_conns()..=max_conns(), dynamic)]
    spare: u32,
    #[within(len(1..=max_tags()), dynamic)]
    tags: Vec<String>,
}

// Each test changes the limits, so they run one at a time.
static LIMITS: std::sync::Mutex<()> = std::sync::Mutex::new(());

#[test]
fn a_changed_limit_holds_from_the_next_check_with_its_value_in_the_error() {
    let _limits = LIMITS.lock().unwrap();
    MAX_CONNS.store(50, Ordering::Relaxed);
    let mut pool = Pool::try_new(10, 1, vec!["a".into()]).unwrap();
    let error = pool.set_conns(80).unwrap_err();
    assert_eq!(
        error.to_string(),
        "Pool.conns must be within [1, 50], got 80"
    );
    assert_eq!(
        (error.min(), error.max()),
        (Some("1".into()), Some("50".into()))
    );
    assert_eq!(pool.conns(), 10);

    MAX_CONNS.store(100, Ordering::Relaxed);
    pool.set_conns(80).unwrap();
    assert!(pool.validate().is_ok());

    // Lowered again: the value it holds now breaks the limit, and `validate` says so.
    MAX_CONNS.store(60, Ordering::Relaxed);
    let error = pool.validate().unwrap_err();
    assert_eq!(
        error.to_string(),
        "Pool.conns must be within [1, 60], got 80"
    );
    MAX_CONNS.store(50, Ordering::Relaxed);
}

#[test]
fn a_dynamic_side_that_holds_is_shown_as_written() {
    let _limits = LIMITS.lock().unwrap();
    MAX_CONNS.store(50, Ordering::Relaxed);
    let error = Pool::try_new(10, 0, vec!["a".into()]).unwrap_err();
    // The side broken shows its value of the moment; the other, which was not read into
    // the error, shows as written.
    assert_eq!(
        error.to_string(),
        "Pool.spare must be within [1, max_conns()], got 0"
    );
    let spec = Pool::FIELDS
        .iter()
        .find(|spec| spec.name() == "spare")
        .unwrap();
    assert_eq!(
        (spec.min(), spec.max()),
        (Some("min_conns()"), Some("max_conns()"))
    );
}

#[test]
fn lengths_take_dynamic_bounds_too() {
    let _limits = LIMITS.lock().unwrap();
    MAX_TAGS.store(3, Ordering::Relaxed);
    let mut pool = Pool::try_new(10, 1, vec!["a".into()]).unwrap();
    let four = vec!["a".to_owned(); 4];
    let error = pool.set_tags(four.clone()).unwrap_err();
    assert_eq!(
        error.to_string(),
        "Pool.tags must have a length within [1, 3], got 4"
    );
    MAX_TAGS.store(4, Ordering::Relaxed);
    pool.set_tags(four).unwrap();
    MAX_TAGS.store(3, Ordering::Relaxed);
}

#[derive(Validated, Debug)]
struct Conn {
    #[within(1, max_conns(), dynamic)]
    size: u32,
}

#[test]
fn violators_after_a_lowered_limit_are_exactly_the_breaking_owners_with_their_sites() {
    let _limits = LIMITS.lock().unwrap();
    MAX_CONNS.store(100, Ordering::Relaxed);
    let registry = <Conn as Validated>::registry();
    let small = within_runtime::Tracked::new(Conn::try_new(10).unwrap()).unwrap();
    // Each creation site is the line before the `line!()` beside it.
    let (big, big_line) = (
        within_runtime::Tracked::new(Conn::try_new(90).unwrap()).unwrap(),
        line!() - 1,
    );
    let (bigger, bigger_line) = (
        within_runtime::Tracked::new(Conn::try_new(95).unwrap()).unwrap(),
        line!() - 1,
    );
    assert!(registry.violators().is_empty());

    MAX_CONNS.store(50, Ordering::Relaxed);
    let mut violators = registry.violators();
    violators.sort_by_key(|(conn, _)| conn.read().size());
    let found: Vec<_> = violators
        .iter()
        .map(|(conn, error)| {
            (
                conn.read().size(),
                within_runtime::Tracked::site(conn).line(),
                error.to_string(),
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            (
                90,
                big_line,
                "Conn.size must be within [1, 50], got 90".to_owned()
            ),
            (
                95,
                bigger_line,
                "Conn.size must be within [1, 50], got 95".to_owned()
            ),
        ]
    );
    MAX_CONNS.store(50, Ordering::Relaxed);
    drop((violators, small, big, bigger));
    assert!(registry.is_empty());
}
