//! Bounds that name another field: every mutation keeps the pair, from either side.

use within_runtime::{Measure, Validated, Violation};

#[derive(Validated, Debug, Clone, PartialEq)]
struct Pool {
    #[within(1, 64)]
    pool_size: u32,
    #[within(0, self.pool_size)]
    min_idle: u32,
}

fn pool() -> Pool {
    Pool::try_new(8, 4).unwrap()
}

#[test]
fn the_field_that_declares_the_bound_is_checked_against_the_other() {
    let mut pool = pool();
    pool.set_min_idle(8).unwrap();
    let err = pool.set_min_idle(9).unwrap_err();
    assert_eq!(
        err.to_string(),
        "Pool.min_idle must be within [0, pool_size = 8], got 9"
    );
    assert_eq!(
        (err.field(), err.violation()),
        ("min_idle", Violation::AboveMax)
    );
    assert_eq!(
        (err.min().as_deref(), err.max().as_deref()),
        (Some("0"), Some("8"))
    );
    assert_eq!(pool.min_idle(), 8);
}

#[test]
fn the_named_field_keeps_the_pair_too() {
    let mut pool = pool();
    let err = pool.set_pool_size(3).unwrap_err();
    assert_eq!(err.field(), "pool_size");
    assert_eq!(err.violation(), Violation::BelowMin);
    assert_eq!(
        err.to_string(),
        "Pool.pool_size must be at least min_idle = 4, got 3"
    );
    assert_eq!(
        pool.pool_size(),
        8,
        "a rejected set leaves the field as it was"
    );
    pool.set_pool_size(4).unwrap();
    // Its own bounds come first.
    let err = pool.set_pool_size(65).unwrap_err();
    assert_eq!(
        err.to_string(),
        "Pool.pool_size must be within [1, 64], got 65"
    );
    assert_eq!(pool.pool_size(), 4);
}

#[test]
fn try_new_and_validate_report_a_broken_pair_once_on_the_declaring_field() {
    let err = Pool::try_new(8, 9).unwrap_err();
    assert_eq!(err.errors().len(), 1);
    assert_eq!(err.errors()[0].field(), "min_idle");
    assert_eq!(
        err.to_string(),
        "Pool.min_idle must be within [0, pool_size = 8], got 9"
    );
    // Both broken: each field once.
    let err = Pool::try_new(0, 1).unwrap_err();
    let fields: Vec<_> = err.errors().iter().map(|e| e.field()).collect();
    assert_eq!(fields, ["pool_size", "min_idle"]);

    let inside = Pool {
        pool_size: 2,
        min_idle: 3,
    };
    let err = inside.validate().unwrap_err();
    assert_eq!(
        err.to_string(),
        "Pool.min_idle must be within [0, pool_size = 2], got 3"
    );
}

#[test]
fn new_const_checks_the_pair() {
    const POOL: Pool = Pool::new_const(8, 8);
    assert_eq!(POOL.min_idle(), 8);
    let result = std::panic::catch_unwind(|| Pool::new_const(8, 9));
    let message = *result.unwrap_err().downcast::<&str>().unwrap();
    assert_eq!(message, "Pool.min_idle must be within [0, pool_size]");
}

#[test]
fn field_spec_names_the_other_field() {
    let [size, idle] = Pool::FIELDS else {
        panic!("two checked fields")
    };
    assert_eq!((size.min_field(), size.max_field()), (None, None));
    assert_eq!(idle.max(), Some("self.pool_size"));
    assert_eq!(idle.max_field(), Some("pool_size"));
    assert_eq!(idle.measure(), Measure::Value);
}

/// A lower bound that is another field, an exclusive upper one, and optional fields.
#[derive(Validated, Debug)]
struct Window {
    #[within(0..=100)]
    low: i32,
    #[within(self.low..=100)]
    high: i32,
    #[within(0..self.limit)]
    used: u16,
    #[within(1..)]
    limit: u16,
    #[within(self.low, self.high)]
    probe: Option<i32>,
}

fn window() -> Window {
    Window::try_new(10, 20, 2, 5, Some(15)).unwrap()
}

#[test]
fn a_lower_bound_that_is_a_field() {
    let mut w = window();
    let err = w.set_high(9).unwrap_err();
    assert_eq!(
        err.to_string(),
        "Window.high must be within [low = 10, 100], got 9"
    );
    assert_eq!(err.violation(), Violation::BelowMin);
    // `low` may not rise above `high` (nor above `probe`).
    let err = w.set_low(21).unwrap_err();
    assert_eq!(
        err.to_string(),
        "Window.low must be at most high = 20, got 21"
    );
    assert_eq!(err.violation(), Violation::AboveMax);
    let err = w.set_low(16).unwrap_err();
    assert_eq!(
        err.to_string(),
        "Window.low must be at most probe = 15, got 16"
    );
    w.set_low(15).unwrap();
    assert_eq!(w.low(), 15);
}

#[test]
fn an_exclusive_bound_that_is_a_field() {
    let mut w = window();
    let err = w.set_used(5).unwrap_err();
    assert_eq!(
        err.to_string(),
        "Window.used must be at least 0 and less than limit = 5, got 5"
    );
    w.set_used(4).unwrap();
    // `limit` must stay above `used`.
    let err = w.set_limit(4).unwrap_err();
    assert_eq!(
        err.to_string(),
        "Window.limit must be greater than used = 4, got 4"
    );
    assert_eq!(err.violation(), Violation::BelowMin);
    w.set_limit(5).unwrap();
}

#[test]
fn an_optional_field_bounds_nothing_while_none() {
    let mut w = window();
    w.set_probe(None).unwrap();
    w.set_low(20).unwrap();
    let err = w.set_probe(Some(21)).unwrap_err();
    assert_eq!(
        err.to_string(),
        "Window.probe must be within [low, high = 20], got 21"
    );
    assert_eq!(err.min().as_deref(), Some("low"));
    assert_eq!(err.max().as_deref(), Some("20"));
    w.set_probe(Some(20)).unwrap();
}

/// An optional field as the lower bound of others, in a struct `new_const` can check.
#[derive(Validated, Debug)]
struct Budget {
    #[within(0, 100)]
    floor: Option<u32>,
    #[within(self.floor..)]
    spent: u32,
    #[within(self.floor, 1000)]
    peak: Option<u32>,
}

#[test]
fn an_optional_lower_bound_is_checked_by_new_const_only_when_set() {
    const BUDGET: Budget = Budget::new_const(Some(5), 5, Some(7));
    assert_eq!((BUDGET.spent(), BUDGET.peak()), (5, Some(7)));
    assert_eq!(Budget::new_const(None, 0, Some(0)).spent(), 0);
    let below = std::panic::catch_unwind(|| Budget::new_const(Some(5), 4, None));
    let message = *below.unwrap_err().downcast::<&str>().unwrap();
    assert_eq!(message, "Budget.spent must be at least floor");
    let below = std::panic::catch_unwind(|| Budget::new_const(Some(5), 5, Some(4)));
    let message = *below.unwrap_err().downcast::<&str>().unwrap();
    assert_eq!(message, "Budget.peak must be within [floor, 1000]");
    let err = Budget::try_new(Some(5), 4, None).unwrap_err();
    assert_eq!(
        err.to_string(),
        "Budget.spent must be at least floor = 5, got 4"
    );
}

/// A secret field's value never enters an error, even as another field's bound.
#[derive(Validated, Debug)]
struct Quota {
    #[within(0, 1000, secret)]
    hard: u32,
    #[within(0, self.hard)]
    soft: u32,
}

#[test]
fn a_secret_bound_is_named_but_never_shown() {
    let mut q = Quota::try_new(500, 100).unwrap();
    let err = q.set_soft(501).unwrap_err();
    assert_eq!(
        err.to_string(),
        "Quota.soft must be within [0, hard], got 501"
    );
    assert_eq!(err.max().as_deref(), Some("hard"));
    let err = q.set_hard(99).unwrap_err();
    assert_eq!(err.to_string(), "Quota.hard must be at least soft = 100");
    assert_eq!(err.value(), None);
}

/// `core::primitive::u32` is `u32`: the pair is accepted, and `new_const` generated.
#[derive(Validated, Debug)]
struct Spelled {
    #[within(1, 10)]
    high: core::primitive::u32,
    #[within(0, self.high)]
    low: u32,
}

#[test]
fn a_primitive_spelled_by_path_pairs_with_its_name() {
    const SPELLED: Spelled = Spelled::new_const(5, 5);
    let mut spelled = SPELLED;
    let err = spelled.set_low(6).unwrap_err();
    assert_eq!(
        err.to_string(),
        "Spelled.low must be within [0, high = 5], got 6"
    );
    assert_eq!(spelled.low(), 5);
}

/// A tuple struct's fields pair too; the other field reads `self.0`, not a bare `0`.
#[derive(Validated, Debug)]
struct Bracket(#[within(0, 100)] u8, #[within(self.0, 100)] u8);

#[test]
fn a_tuple_field_as_a_bound_is_named_with_self() {
    let mut bracket = Bracket::try_new(5, 7).unwrap();
    let err = bracket.set_1(4).unwrap_err();
    assert_eq!(
        err.to_string(),
        "Bracket.1 must be within [self.0 = 5, 100], got 4"
    );
    assert_eq!(err.min().as_deref(), Some("5"));
    let err = bracket.set_0(8).unwrap_err();
    assert_eq!(
        err.to_string(),
        "Bracket.0 must be at most self.1 = 7, got 8"
    );
    // Over the constant maximum, the other field is named without its value.
    let err = bracket.set_1(101).unwrap_err();
    assert_eq!(
        err.to_string(),
        "Bracket.1 must be within [self.0, 100], got 101"
    );
    assert_eq!(err.min().as_deref(), Some("self.0"));
}

#[test]
fn errors_compare_and_debug_with_the_partner_value() {
    let mut pool = pool();
    let at_eight = pool.set_min_idle(9).unwrap_err();
    pool.set_pool_size(5).unwrap();
    let at_five = pool.set_min_idle(9).unwrap_err();
    // Same field, value and violation; the messages differ, and so do the errors.
    assert_ne!(at_eight.to_string(), at_five.to_string());
    assert_ne!(at_eight, at_five);
    assert_eq!(at_five, pool.set_min_idle(9).unwrap_err());
    assert_eq!(
        format!("{at_five:?}"),
        "OutOfRange { owner: \"Pool\", field: \"min_idle\", violation: AboveMax, \
         min: 0, min_exclusive: false, max: pool_size = 5, max_exclusive: false, value: 9 }"
    );
}
