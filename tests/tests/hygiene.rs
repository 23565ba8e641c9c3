//! The generated code names everything by absolute path: shadowing the prelude, or naming a
//! module `within_runtime` or `core`, cannot change what it means.

#![allow(dead_code, non_camel_case_types)]

use within_runtime::Validated;

// Everything the generated code could name by a short path, shadowed by something unusable.
struct Result;
struct Ok;
struct Err;
struct Option;
struct Some;
struct None;
struct Vec;
struct String;
struct Box;
struct Self_;
mod core {}
mod std {}
mod __private {}

/// Bounds named like the generated code's internals still mean the user's constants.
const RANGE: u8 = 5;
const SITE: u8 = 10;

#[derive(Validated)]
struct Shadowed {
    #[within(RANGE, SITE)]
    count: u8,
    #[within(0, 1)]
    value: u8,
}

#[test]
fn shadowed_names_do_not_break_the_expansion() {
    let mut s = Shadowed::try_new(7, 1).unwrap();
    assert!(s.set_count(4).is_err());
    assert!(s.set_count(11).is_err());
    s.set_count(10).unwrap();
    assert_eq!((s.count(), s.value()), (10, 1));
    assert_eq!(s.set_value(2).unwrap_err().field(), "value");
}

/// Lower-case items named like anything the generated code could bind: none of them is taken
/// for a pattern (rustc warns about the names, which is the user's business).
#[allow(non_upper_case_globals)]
mod user_items {
    use within_runtime::Validated;

    const min: u8 = 3;
    const max: u8 = 4;
    const value: u8 = 5;
    const error: u8 = 6;
    const checks: u8 = 7;
    const bound: u8 = 8;
    const other: u8 = 9;
    const before: u8 = 10;
    const outcome: u8 = 11;
    const field: u8 = 12;
    const draft: u8 = 13;
    const shadow: u8 = 14;
    const generator: u8 = 15;
    const deserializer: u8 = 16;

    #[derive(Validated, Debug)]
    #[within(deserialize, default, schema, draft = PoolDraft)]
    pub struct Pool {
        #[within(min, 200, default = 10)]
        size: u8,
        #[within(0, self.size, default = 2)]
        idle: u8,
        #[within(len(1..=8), default = "pool".into())]
        name: String,
        #[within(nested)]
        inner: Percent,
    }

    #[derive(Validated, Debug, Default)]
    #[within(deserialize, schema, manual(Default))]
    pub struct Percent(#[within(0, 100)] u8);

    #[derive(Validated, Debug)]
    pub struct Packed(#[within(min, max)] u8, #[within(value, error)] u8);

    #[test]
    fn user_constants_do_not_become_patterns() {
        let mut pool = Pool::default();
        assert!(pool.set_size(2).is_err());
        pool.set_size(min).unwrap();
        assert_eq!(pool.idle(), 2);
        let pool: Pool =
            serde_json::from_str(r#"{"size": 4, "idle": 4, "name": "a", "inner": 7}"#).unwrap();
        assert_eq!(pool.inner().get(), 7);
        let packed = Packed::try_new(max, value).unwrap();
        assert_eq!(packed.get_1(), 5);
        let _ = (
            checks,
            bound,
            other,
            before,
            outcome,
            field,
            draft,
            shadow,
            generator,
            deserializer,
        );
        let _ = Pool::try_from(PoolDraft::default()).unwrap();
    }
}

/// Fields named like the generated code's locals.
#[derive(Validated, Debug)]
#[within(deserialize, draft = LocalsDraft)]
struct Locals {
    #[within(0, 9)]
    checks: u8,
    #[within(0, self.checks)]
    error: u8,
    #[within(0, 9)]
    value: u8,
    #[within(0, 9)]
    before: u8,
    #[within(len(..3))]
    shadow: ::std::vec::Vec<u8>,
    #[within(0, 9)]
    __within_value: u8,
    deserializer: u8,
}

#[test]
fn fields_named_like_locals() {
    let mut locals = Locals::try_new(5, 4, 3, 2, vec![1], 1, 0).unwrap();
    assert!(locals.set_checks(3).is_err());
    assert!(locals.set___within_value(10).is_err());
    let err = serde_json::from_str::<Locals>(
        r#"{"checks": 5, "error": 6, "value": 1, "before": 1, "shadow": [], "__within_value": 1,
            "deserializer": 0}"#,
    )
    .unwrap_err();
    assert!(err
        .to_string()
        .starts_with("Locals.error must be within [0, checks = 5], got 6"));
    let again = Locals::try_new(1, 1, 1, 1, vec![], 1, 1).unwrap();
    assert_eq!(again.value(), 1);
    let _ = Locals::try_from(LocalsDraft {
        checks: 1,
        error: 1,
        value: 1,
        before: 1,
        shadow: vec![],
        __within_value: 1,
        deserializer: 1,
    })
    .unwrap();
}

/// Without the prelude at all, every option still expands.
mod no_prelude {
    #![no_implicit_prelude]

    #[derive(::within_runtime::Validated, ::std::fmt::Debug)]
    #[within(deserialize, default, schema, draft = BareDraft)]
    pub struct Bare {
        #[within(1, 9, default = 3)]
        level: u8,
        #[within(0, self.level, default = 1)]
        idle: u8,
        #[within(len(..4), default = ::std::vec::Vec::new())]
        items: ::std::vec::Vec<u8>,
        #[within(0, 5, default = ::std::option::Option::None)]
        spare: ::std::option::Option<u8>,
    }

    #[test]
    fn derives_without_the_prelude() {
        let bare = <Bare as ::std::default::Default>::default();
        ::std::assert_eq!(bare.level(), 3);
        ::std::assert!(::within_runtime::Validated::validate(&bare).is_ok());
    }
}

fn small(value: &u8) -> bool {
    *value < 100
}

fn balanced(ruled: &Ruled) -> bool {
    ruled.count <= ruled.value
}

/// Rules, messages and invariants expand with the shadowed names too; fields are named like
/// the locals their code binds.
#[derive(Validated)]
#[within(invariant = balanced, message = "is unbalanced")]
struct Ruled {
    #[within(check = small, one_of(1, 2, 3), code = "count")]
    count: u8,
    #[within(0..=50, check = small)]
    value: u8,
    #[within(one_of(4, 5))]
    __within_value: u8,
    #[within(check = small)]
    __within_owner: u8,
    #[within(check = small)]
    __within_candidate: u8,
}

#[test]
fn rules_expand_under_shadowed_names() {
    let mut r = Ruled::try_new(1, 2, 4, 0, 0).unwrap();
    assert_eq!(r.set_count(9).unwrap_err().code(), "count");
    assert_eq!(
        r.set_count(3).unwrap_err().to_string(),
        "Ruled is unbalanced"
    );
    r.set___within_value(5).unwrap();
    r.set___within_owner(7).unwrap();
    r.set___within_candidate(8).unwrap();
    assert_eq!(
        (r.count(), r.__within_value(), r.__within_owner()),
        (1, 5, 7)
    );
}
