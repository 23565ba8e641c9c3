//! `#[within(key)]` through the derive: the registry of a keyed struct keeps one live owner per
//! key, found by `get`, and the key has a getter and no setter.

use within_runtime::{Registry, Tracked, Validated};

#[derive(Validated, Debug)]
struct Account {
    #[within(key)]
    id: u64,
    #[within(0, 1000)]
    balance: u32,
}

#[derive(Validated, Debug)]
struct Session {
    #[within(key)]
    token: String,
    #[within(1, 3600)]
    ttl: u32,
}

#[test]
fn one_live_owner_per_key_found_by_get() {
    let registry = <Account as Validated>::registry();
    let first = Tracked::new(Account::try_new(7, 10).unwrap()).unwrap();
    assert_eq!(first.read().id(), 7);
    let found = registry
        .get(&7)
        .expect("the live owner is found by its key");
    assert!(Tracked::ptr_eq(&first, &found));

    let error = Tracked::new(Account::try_new(7, 20).unwrap()).unwrap_err();
    let [duplicate] = error.errors() else {
        panic!("one error: {error}");
    };
    assert_eq!(
        (duplicate.code(), duplicate.field(), duplicate.value()),
        ("duplicate_key", "id", Some("7".to_owned()))
    );
    assert!(error.to_string().contains("Account.id"), "{error}");

    drop((first, found));
    assert!(
        registry.get(&7).is_none(),
        "the key goes with its last owner"
    );
    let again = Tracked::new(Account::try_new(7, 30).unwrap()).unwrap();
    assert_eq!(again.read().balance(), 30);
}

#[test]
fn keys_of_any_hashable_type_in_a_registry_of_ones_own() {
    static SESSIONS: Registry<Session> = Registry::new();
    let session = SESSIONS
        .track(Session::try_new("abc".into(), 60).unwrap())
        .unwrap();
    assert_eq!(session.read().token(), "abc");
    let found = SESSIONS
        .get_or_try_insert_with(&"abc".to_owned(), || Session::try_new("abc".into(), 90))
        .unwrap();
    assert_eq!(found.read().ttl(), 60, "the live owner, not a new one");
    let made = SESSIONS
        .get_or_try_insert_with(&"xyz".to_owned(), || Session::try_new("xyz".into(), 90))
        .unwrap();
    assert_eq!(made.read().ttl(), 90);
    assert_eq!(SESSIONS.len(), 2);
}
