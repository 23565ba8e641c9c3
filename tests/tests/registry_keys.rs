//! Keys: a registry of a keyed type is an identity map. `get`, `get_or_try_insert_with`,
//! `duplicate_key` and `key_mismatch`, threads racing on one key, and a `Drop` that looks keys
//! up.
//!
//! The derive's `#[within(key)]` implements the hidden `Keyed` trait and overrides
//! `Validated::__key`; these tests write both by hand, as the derive will.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, Barrier};
use std::thread;
use std::time::Duration;
use within_runtime::__private::{KeyOps, Keyed};
use within_runtime::{FieldSpec, Invalid, Registry, Tracked, Validated};
use within_tests::watchdog::no_deadlock;

/// A keyed owner. `balance` must be at most 1,000, checked by an inner derived struct so the
/// error is the library's own.
#[derive(Debug)]
struct Account {
    id: u64,
    balance: Balance,
    drops: Option<Arc<AtomicUsize>>,
}

#[derive(Validated, Debug, Clone, Copy)]
struct Balance {
    #[within(0, 1000)]
    amount: u32,
}

impl Validated for Account {
    const FIELDS: &'static [FieldSpec] = &[];

    fn validate(&self) -> Result<(), Invalid> {
        self.balance.validate()
    }

    fn __key() -> Option<KeyOps<Self>> {
        Some(KeyOps::of())
    }
}

impl Keyed for Account {
    type Key = u64;
    const OWNER: &'static str = "Account";
    const KEY_FIELD: &'static str = "id";

    fn key(&self) -> &u64 {
        &self.id
    }
}

impl Drop for Account {
    fn drop(&mut self) {
        if let Some(drops) = &self.drops {
            drops.fetch_add(1, Ordering::SeqCst);
        }
    }
}

fn account(id: u64, amount: u32) -> Account {
    Account {
        id,
        balance: Balance { amount },
        drops: None,
    }
}

/// `get` finds the live owner of a key and nothing once it dropped; a second owner with a live
/// key is refused with `duplicate_key`, naming the key field and the key; once the first
/// drops, the key is free again.
#[test]
fn get_and_duplicate_key() {
    static ACCOUNTS: Registry<Account> = Registry::new();
    assert!(ACCOUNTS.get(&42).is_none(), "nothing tracked yet");
    let first = ACCOUNTS.track(account(42, 10)).unwrap();
    let other = ACCOUNTS.track(account(43, 20)).unwrap();
    assert!(Tracked::ptr_eq(&ACCOUNTS.get(&42).unwrap(), &first));
    assert!(Tracked::ptr_eq(&ACCOUNTS.get(&43).unwrap(), &other));
    assert!(ACCOUNTS.get(&44).is_none());

    let err = ACCOUNTS.track(account(42, 30)).unwrap_err();
    assert_eq!(err.errors().len(), 1);
    let error = &err.errors()[0];
    assert_eq!(error.code(), "duplicate_key");
    assert_eq!(error.field(), "id");
    assert_eq!(error.owner(), "Account");
    assert_eq!(error.value().as_deref(), Some("42"));
    assert_eq!(
        err.to_string(),
        "Account.id must be unique among live owners, got 42"
    );
    assert_eq!(err, err.clone());
    assert_eq!(ACCOUNTS.len(), 2, "the refused value is not tracked");
    assert_eq!(ACCOUNTS.stats().tracked, 2);

    // A weak handle does not hold the key.
    let weak = Tracked::downgrade(&first);
    drop(first);
    assert!(ACCOUNTS.get(&42).is_none());
    assert!(weak.upgrade().is_none());
    let again = ACCOUNTS.track(account(42, 50)).unwrap();
    assert_eq!(ACCOUNTS.get(&42).unwrap().read().balance.amount(), 50);
    // A rule broken is reported before the key is looked at.
    let err = ACCOUNTS.track(account(42, 5000)).unwrap_err();
    assert_eq!(err.errors()[0].code(), "above_max");
    drop((again, other));
    assert!(ACCOUNTS.is_empty());
    assert!(ACCOUNTS.get(&42).is_none() && ACCOUNTS.get(&43).is_none());
}

/// `Tracked::new` goes through the type's own registry and refuses a live key too.
#[test]
fn tracked_new_refuses_a_live_key() {
    let first = Tracked::new(account(7_000, 1)).unwrap();
    let err = Tracked::new(account(7_000, 2)).unwrap_err();
    assert_eq!(err.errors()[0].code(), "duplicate_key");
    assert!(Tracked::ptr_eq(
        &Account::registry().get(&7_000).unwrap(),
        &first
    ));
    drop(first);
    assert!(Account::registry().get(&7_000).is_none());
}

/// `get_or_try_insert_with` returns the live owner without calling `f`; otherwise tracks `f`'s
/// value at the caller's line; refuses a value with another key (`key_mismatch`) or one that
/// breaks a rule, and passes `f`'s own error on.
#[test]
fn get_or_try_insert_with_creates_once() {
    static ACCOUNTS: Registry<Account> = Registry::new();
    let made = ACCOUNTS
        .get_or_try_insert_with(&1, || Ok::<_, Invalid>(account(1, 10)))
        .unwrap();
    let line = line!() - 2;
    assert_eq!(Tracked::site(&made).line(), line);
    let found = ACCOUNTS
        .get_or_try_insert_with(&1, || -> Result<Account, Invalid> {
            panic!("f is not called for a live key")
        })
        .unwrap();
    assert!(Tracked::ptr_eq(&made, &found));

    let err = ACCOUNTS
        .get_or_try_insert_with(&2, || Ok::<_, Invalid>(account(3, 10)))
        .unwrap_err();
    assert_eq!(err.errors()[0].code(), "key_mismatch");
    assert_eq!(err.errors()[0].value().as_deref(), Some("3"));
    assert_eq!(
        err.to_string(),
        "Account.id must be the key asked for, got 3"
    );
    let err = ACCOUNTS
        .get_or_try_insert_with(&2, || Ok::<_, Invalid>(account(2, 5000)))
        .unwrap_err();
    assert_eq!(err.errors()[0].code(), "above_max");

    #[derive(Debug)]
    enum LoadError {
        Missing,
        Invalid(Invalid),
    }
    impl From<Invalid> for LoadError {
        fn from(invalid: Invalid) -> Self {
            LoadError::Invalid(invalid)
        }
    }
    let err = ACCOUNTS
        .get_or_try_insert_with(&2, || Err(LoadError::Missing))
        .unwrap_err();
    assert!(matches!(err, LoadError::Missing));
    let err = ACCOUNTS
        .get_or_try_insert_with(&2, || Ok::<_, LoadError>(account(9, 1)))
        .unwrap_err();
    assert!(matches!(err, LoadError::Invalid(ref i) if i.errors()[0].code() == "key_mismatch"));
    assert_eq!(ACCOUNTS.len(), 1);
    drop((made, found));
    assert!(ACCOUNTS.is_empty());
}

/// Eight threads race on one key, 500 rounds: every thread gets the same owner, exactly one
/// value is tracked per round, the others' values are dropped, and the registry ends empty.
#[test]
fn eight_threads_racing_on_one_key_get_one_owner() {
    static RACE: Registry<Account> = Registry::new();
    no_deadlock("eight_threads_one_key", Duration::from_secs(120), || {
        const THREADS: usize = 8;
        const ROUNDS: u64 = 500;
        let barrier = Arc::new(Barrier::new(THREADS));
        let made = Arc::new(AtomicUsize::new(0));
        let drops = Arc::new(AtomicUsize::new(0));
        let (results, collected) = mpsc::channel::<(u64, Tracked<Account>)>();
        let threads: Vec<_> = (0..THREADS)
            .map(|_| {
                let (barrier, made, drops, results) = (
                    Arc::clone(&barrier),
                    Arc::clone(&made),
                    Arc::clone(&drops),
                    results.clone(),
                );
                thread::spawn(move || {
                    for round in 0..ROUNDS {
                        barrier.wait();
                        let owner = RACE
                            .get_or_try_insert_with(&round, || {
                                made.fetch_add(1, Ordering::SeqCst);
                                Ok::<_, Invalid>(Account {
                                    id: round,
                                    balance: Balance { amount: 1 },
                                    drops: Some(Arc::clone(&drops)),
                                })
                            })
                            .unwrap();
                        results.send((round, owner)).unwrap();
                        barrier.wait();
                    }
                })
            })
            .collect();
        drop(results);
        let mut rounds: Vec<Vec<Tracked<Account>>> = (0..ROUNDS).map(|_| Vec::new()).collect();
        for (round, owner) in collected {
            rounds[round as usize].push(owner);
        }
        for thread in threads {
            thread.join().unwrap();
        }
        for (round, owners) in rounds.iter().enumerate() {
            assert_eq!(owners.len(), THREADS);
            assert!(
                owners.iter().all(|o| Tracked::ptr_eq(o, &owners[0])),
                "round {round}: two owners for one key"
            );
            assert_eq!(owners[0].read().id, round as u64);
        }
        assert_eq!(RACE.len(), ROUNDS as usize);
        assert_eq!(RACE.stats().tracked, ROUNDS);
        let made = made.load(Ordering::SeqCst);
        assert_eq!(
            drops.load(Ordering::SeqCst),
            made - ROUNDS as usize,
            "every racing value but the tracked one was dropped"
        );
        println!("{made} values made for {ROUNDS} keys by {THREADS} threads");
        drop(rounds);
        assert!(RACE.is_empty());
        assert_eq!(drops.load(Ordering::SeqCst), made);
        assert!((0..ROUNDS).all(|key| RACE.get(&key).is_none()));
    });
}

/// An owner whose `Drop` looks keys up in its own registry and creates one.
struct Lookup {
    id: u64,
    seen: Arc<AtomicUsize>,
}

static LOOKUPS: Registry<Lookup> = Registry::new();

impl Validated for Lookup {
    const FIELDS: &'static [FieldSpec] = &[];

    fn validate(&self) -> Result<(), Invalid> {
        Ok(())
    }

    fn __key() -> Option<KeyOps<Self>> {
        Some(KeyOps::of())
    }
}

impl Keyed for Lookup {
    type Key = u64;
    const OWNER: &'static str = "Lookup";
    const KEY_FIELD: &'static str = "id";

    fn key(&self) -> &u64 {
        &self.id
    }
}

impl Drop for Lookup {
    fn drop(&mut self) {
        if self.id >= 100 {
            return;
        }
        assert!(LOOKUPS.get(&self.id).is_none(), "its own key is gone");
        let found = (0..4).filter(|id| LOOKUPS.get(id).is_some()).count();
        self.seen.fetch_add(found, Ordering::SeqCst);
        let fresh = LOOKUPS
            .get_or_try_insert_with(&(100 + self.id), || {
                Ok::<_, Invalid>(Lookup {
                    id: 100 + self.id,
                    seen: Arc::clone(&self.seen),
                })
            })
            .unwrap();
        drop(fresh);
    }
}

/// A `Drop` that calls `get` and `get_or_try_insert_with` on its own registry does not
/// deadlock, and sees its own key gone.
#[test]
fn drop_that_looks_keys_up_does_not_deadlock() {
    no_deadlock("drop_that_looks_keys_up", Duration::from_secs(20), || {
        let seen = Arc::new(AtomicUsize::new(0));
        let owners: Vec<_> = (0..4)
            .map(|id| {
                LOOKUPS
                    .track(Lookup {
                        id,
                        seen: Arc::clone(&seen),
                    })
                    .unwrap()
            })
            .collect();
        drop(owners); // each sees the ones after it: 3 + 2 + 1 + 0
        assert_eq!(seen.load(Ordering::SeqCst), 6);
        assert!(LOOKUPS.is_empty());
        assert_eq!(LOOKUPS.stats().tracked, 8);
    });
}

/// The key tables through growth and deletions: 10,000 keys tracked, every third dropped (in
/// an order that leaves holes in every probe chain), then every key looked up: found exactly
/// when its owner lives, and the owner found is the one with that key.
#[test]
fn lookups_stay_exact_through_growth_and_deletions() {
    static MANY: Registry<Account> = Registry::new();
    const N: u64 = 10_000;
    let mut owners: Vec<Option<Tracked<Account>>> = (0..N)
        .map(|id| Some(MANY.track(account(id * 7919, 1)).unwrap()))
        .collect();
    for (index, owner) in owners.iter_mut().enumerate().rev() {
        if index % 3 == 0 {
            drop(owner.take());
        }
    }
    for (index, owner) in owners.iter().enumerate() {
        let key = index as u64 * 7919;
        match (MANY.get(&key), owner) {
            (Some(found), Some(owner)) => assert!(Tracked::ptr_eq(&found, owner)),
            (None, None) => {}
            (found, owner) => panic!(
                "key {key}: found {}, alive {}",
                found.is_some(),
                owner.is_some()
            ),
        }
    }
    assert_eq!(MANY.len(), owners.iter().flatten().count());
    // A dropped key can be tracked again; a live one cannot.
    let again = MANY.track(account(0, 2)).unwrap();
    assert_eq!(
        MANY.track(account(7919, 2)).unwrap_err().errors()[0].code(),
        "duplicate_key"
    );
    drop((owners, again));
    assert!(MANY.is_empty());
    assert!((0..N).all(|id| MANY.get(&(id * 7919)).is_none()));
}

/// A key whose `Eq` panics when asked about 13 (its `Hash` is the same for every key, so that
/// every lookup compares): a key type that breaks the documented contract.
#[derive(Debug, Clone)]
struct Touchy(u32);

impl std::hash::Hash for Touchy {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        state.write_u8(0);
    }
}

impl PartialEq for Touchy {
    fn eq(&self, other: &Self) -> bool {
        assert!(self.0 != 13 && other.0 != 13, "Touchy compares 13");
        self.0 == other.0
    }
}

impl Eq for Touchy {}

struct TouchyOwner {
    key: Touchy,
    drops: Arc<AtomicUsize>,
}

impl Validated for TouchyOwner {
    const FIELDS: &'static [FieldSpec] = &[];

    fn validate(&self) -> Result<(), Invalid> {
        Ok(())
    }

    fn __key() -> Option<KeyOps<Self>> {
        Some(KeyOps::of())
    }
}

impl Keyed for TouchyOwner {
    type Key = Touchy;
    const OWNER: &'static str = "TouchyOwner";
    const KEY_FIELD: &'static str = "key";

    fn key(&self) -> &Touchy {
        &self.key
    }
}

impl Drop for TouchyOwner {
    fn drop(&mut self) {
        self.drops.fetch_add(1, Ordering::SeqCst);
    }
}

/// A key's `Eq` that panics under the shard lock (against the docs) still leaves the registry
/// consistent and usable, and the value being tracked is dropped, not leaked.
#[test]
fn a_panicking_key_eq_drops_the_value_and_leaves_the_registry_usable() {
    static TOUCHY: Registry<TouchyOwner> = Registry::new();
    let drops = Arc::new(AtomicUsize::new(0));
    let owner = |key| TouchyOwner {
        key: Touchy(key),
        drops: Arc::clone(&drops),
    };
    let first = TOUCHY.track(owner(1)).unwrap();
    let panicked =
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| TOUCHY.track(owner(13))));
    assert!(panicked.is_err(), "the key's Eq panicked");
    assert_eq!(
        drops.load(Ordering::SeqCst),
        1,
        "the refused value is dropped"
    );
    assert_eq!(TOUCHY.len(), 1);
    let second = TOUCHY.track(owner(2)).unwrap();
    assert!(Tracked::ptr_eq(&TOUCHY.get(&Touchy(1)).unwrap(), &first));
    assert!(Tracked::ptr_eq(&TOUCHY.get(&Touchy(2)).unwrap(), &second));
    drop((first, second));
    assert!(TOUCHY.is_empty());
    assert_eq!(drops.load(Ordering::SeqCst), 3);
}
