//! Keyed tracking: what ties a registry to its key index (`keys.rs`). `KeyOps`, the functions
//! the derive hands a registry for a keyed type; `Registry::track` of a keyed owner, which
//! inserts its key before publishing its slot; and the registry's lookups by key,
//! [`Registry::get`](crate::Registry::get) and
//! [`Registry::get_or_try_insert_with`](crate::Registry::get_or_try_insert_with).

#[cfg(feature = "std")]
use crate::keys::key_error;
use crate::keys::Keyed;
#[cfg(feature = "std")]
use crate::registry::Registry;
#[cfg(feature = "std")]
use crate::{Invalid, Tracked};
use core::marker::PhantomData;
#[cfg(feature = "std")]
use core::panic::Location;

/// What a registry needs to track a keyed type, as functions made for it: returned by
/// [`Validated::__key`](crate::Validated::__key) for a keyed type. Not a public API.
#[doc(hidden)]
pub struct KeyOps<T: 'static> {
    #[cfg(feature = "std")]
    pub(crate) track: imp::TrackFn<T>,
    _type: PhantomData<fn() -> T>,
}

impl<T: Keyed> KeyOps<T> {
    /// The functions for `T`.
    pub const fn of() -> Self {
        KeyOps {
            #[cfg(feature = "std")]
            track: imp::track::<T>,
            _type: PhantomData,
        }
    }
}

#[cfg(feature = "std")]
mod imp {
    use crate::keys::{empty_entries, key_error, Entry, Found, KeyIndex, KeyStore, Keyed};
    use crate::lease::SHARDS;
    use crate::registry::Registry;
    use crate::shard::{Retired, Table};
    use crate::shared::{with_hash_bits, Shared};
    use crate::sync::{lock, planted, Bug};
    use crate::{Invalid, Tracked, Violation};
    use core::hash::BuildHasher;
    use core::panic::Location;
    use std::boxed::Box;
    use std::vec::Vec;

    pub(crate) type TrackFn<T> =
        fn(&'static Registry<T>, T, &'static Location<'static>) -> Result<Tracked<T>, Invalid>;

    /// The key index of `registry`, made on first use (with no lock held).
    pub(crate) fn index<T: Keyed>(registry: &Registry<T>) -> &KeyIndex<T, T::Key> {
        let store = registry
            .keys
            .get_or_init(|| Box::new(KeyIndex::<T, T::Key>::new()));
        debug_assert!(store.as_any().is::<KeyIndex<T, T::Key>>());
        // SAFETY: this function is the only one that fills `keys`, and it puts a
        // `KeyIndex<T, T::Key>` there: `T` decides the key type. A cast rather than
        // `downcast_ref`, which costs two calls through the vtable on every `get`.
        unsafe { &*(&**store as *const dyn KeyStore<T> as *const KeyIndex<T, T::Key>) }
    }

    /// `Registry::track` of a keyed type: `value` is validated.
    pub(crate) fn track<T: Keyed>(
        registry: &'static Registry<T>,
        value: T,
        site: &'static Location<'static>,
    ) -> Result<Tracked<T>, Invalid> {
        match insert(registry, value, site, false) {
            Ok(handle) => Ok(handle),
            Err(key) => Err(key_error::<T>(Violation::DuplicateKey, &key)),
        }
    }

    /// An owner made for a track and not published in a slot yet: freed (its value dropped) if
    /// the track does not publish it.
    struct Unpublished<T: 'static>(*mut Shared<T>);

    impl<T: 'static> Drop for Unpublished<T> {
        fn drop(&mut self) {
            // SAFETY: the pointer comes from `Box::into_raw` and no other thread saw it: the
            // track forgets this guard before it publishes the owner.
            drop(unsafe { Box::from_raw(self.0) });
        }
    }

    /// The planted bug of a loom model: a spare slot table left unused is forgotten, not freed.
    #[inline(always)]
    fn forget_if_planted<T: 'static>(spare: &mut Option<Table<Shared<T>>>) {
        if planted(Bug::LoseUnusedSpare) {
            *spare = None;
        }
    }

    /// Registers `value` unless a live owner has its key: then, with `take`, returns a handle
    /// to that owner instead, else the key (and `value` is dropped).
    ///
    /// One lock, of the shard the key's hash picks: the lookup, the slot's claim and the key's
    /// insertion happen in one hold of it. What they may need (a bigger slot table, a bigger
    /// key table) is allocated with the lock released, and the lookup done again.
    pub(crate) fn insert<T: Keyed>(
        registry: &'static Registry<T>,
        value: T,
        site: &'static Location<'static>,
        take: bool,
    ) -> Result<Tracked<T>, T::Key> {
        let index = index(registry);
        let key = value.key().clone();
        // Hashed once, with no lock held: it picks the shard and the key's place in its table.
        let hash = index.hasher.hash_one(&key);
        let at = index.shard_of(hash);
        let shard = registry.shard_at(at);
        let owner = Box::into_raw(Box::new(Shared::new(registry, site, value)));
        // Frees `owner` if it is not published: refused, or a key's `Eq` panicked under the
        // lock (which unwinding releases first, so the value's `Drop` runs without it).
        let unpublished = Unpublished(owner);
        registry.enlist();
        let mut spare_keys: Vec<Entry<T, T::Key>> = Vec::new();
        let mut spare_slots: Option<Table<Shared<T>>> = None;
        loop {
            let mut locked = lock(&shard.lock);
            // SAFETY: we hold shard `at`'s lock, and use the table only while we do.
            let table = unsafe { index.table(at, &locked) };
            let found = table.find(hash, &key, take);
            if !matches!(found, Found::Absent) {
                drop(locked);
                forget_if_planted(&mut spare_slots);
                drop(spare_slots.map(Retired::unused));
                drop(unpublished);
                return match found {
                    Found::Handle(handle) => Ok(handle),
                    _ => Err(key),
                };
            }
            let mut old_keys = Vec::new();
            let mut wanted_keys = None;
            if !table.has_room() {
                if spare_keys.len() > table.entries.len() {
                    old_keys = table.rehash_into(core::mem::take(&mut spare_keys));
                } else {
                    wanted_keys = Some((2 * table.entries.len()).max(8));
                }
            }
            let mut retired = Retired::NONE;
            // SAFETY: no thread claims in a keyed registry's shards without the lock.
            let mut wanted_slots = unsafe { shard.wanted_locked(&locked) };
            // A spare made for a room another thread has since freed stays for the next turn,
            // or is freed with the rest below: a `Table` frees nothing by itself.
            if wanted_slots.is_some() {
                if let Some(spare) = spare_slots.take() {
                    // SAFETY: as above.
                    unsafe {
                        retired = shard.install_locked(&mut locked, spare);
                        wanted_slots = shard.wanted_locked(&locked);
                    }
                }
            }
            if wanted_keys.is_none() && wanted_slots.is_none() {
                core::mem::forget(unpublished);
                // SAFETY: as above, and `wanted_locked` found room under this hold of the lock;
                // `owner` is not shared yet.
                unsafe {
                    shard.claim_locked(&mut locked, owner, at, SHARDS, |place| {
                        with_hash_bits(place, hash)
                    })
                };
                table.insert(hash, owner, key);
                drop(locked);
                forget_if_planted(&mut spare_slots);
                drop((
                    retired,
                    old_keys,
                    spare_keys,
                    spare_slots.map(Retired::unused),
                ));
                // SAFETY: registered, carrying the one count we hand out.
                return Ok(unsafe { Tracked::from_registered(owner) });
            }
            drop(locked);
            // Freed and allocated with no lock held.
            drop((retired, old_keys));
            if let Some(len) = wanted_keys {
                spare_keys = empty_entries(len);
            }
            if let Some(cap) = wanted_slots {
                // A spare too small for the room wanted now is replaced, and freed.
                let small = spare_slots.replace(Table::alloc(cap));
                drop(small.map(Retired::unused));
            }
        }
    }
}

/// Keys: with a `#[within(key)]` field, a registry is an identity map, with at most one live
/// owner per key.
#[cfg(feature = "std")]
impl<T: Keyed> Registry<T> {
    /// The live owner whose key is `key`, as a new handle; `None` if there is none (or its
    /// last handle is dropping on another thread). It takes one lock, of the shard the key's
    /// hash picks.
    ///
    /// The key type's `Hash` runs with no lock held, its `Eq` under the shard's lock: it must
    /// not call into a registry, or panic (no std type does either): a panic hook that calls a
    /// registry would wait for the lock this thread holds.
    pub fn get(&self, key: &T::Key) -> Option<Tracked<T>> {
        self.keys.get()?;
        imp::index(self).get(self, key)
    }

    /// The live owner whose key is `key`, or, if there is none, a new one: `f`'s value,
    /// validated and tracked, created at the caller's location. `f` is called at most once,
    /// with no lock held.
    ///
    /// At most one owner per key is alive, even when threads race: if another thread tracked
    /// an owner with the key while `f` ran, that owner is returned and `f`'s value dropped. A
    /// value whose key is not `key` is an [`Invalid`] with code `key_mismatch`; one that
    /// breaks a rule, its `Invalid`.
    #[track_caller]
    pub fn get_or_try_insert_with<E, F>(&'static self, key: &T::Key, f: F) -> Result<Tracked<T>, E>
    where
        E: From<Invalid>,
        F: FnOnce() -> Result<T, E>,
    {
        let site = Location::caller();
        if let Some(found) = self.get(key) {
            return Ok(found);
        }
        let value = f()?;
        if value.key() != key {
            return Err(E::from(key_error::<T>(
                crate::Violation::KeyMismatch,
                value.key(),
            )));
        }
        value.validate()?;
        match imp::insert(self, value, site, true) {
            Ok(handle) => Ok(handle),
            Err(_) => unreachable!("a live owner with the key was returned, not refused"),
        }
    }
}
