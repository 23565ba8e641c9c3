//! Keys: `#[within(key)]` makes a registry an identity map, with at most one live owner per key.
//!
//! The hook the derive uses: for a struct with a key field it implements the hidden
//! [`Keyed`] trait and overrides [`Validated::__key`] to return
//! `Some(KeyOps::<Self>::of())`. Types without a key keep the default `None`, which the
//! compiler folds away: they pay nothing.
//!
//! A keyed registry keeps, besides its slot tables, a key index: one open-addressing table
//! (hash, owner, a clone of the key) per slot shard, guarded by that shard's own
//! `std::sync::Mutex`. A key's hash picks the shard: the owner's slot and its key's entry live
//! in the same shard, under the same lock, so tracking a keyed owner takes one lock, not one
//! for the slot and one for the key. No thread claims slots of a keyed registry without the
//! lock: in each of its shards, as in the shared shard of any registry, the lock holder is
//! the writer (`shard.rs`).
//!
//! The key's clone is made, and its hash computed, before the lock is taken; its `Eq` runs
//! under it (a key type's `Eq` must not call into the same registry); it is dropped after the
//! lock is released. Tracking a keyed owner makes every allocation it may need (the owner, a
//! bigger slot table, a bigger key table) with no lock held; then, under the shard's lock, it
//! finds a live owner with the key, or claims a slot, publishes the owner and inserts the key,
//! all in one hold of the lock, and writes the low 31 bits of the key's hash into the owner's
//! place (on 64-bit targets, when the place fits in 32 bits: see `shared.rs`). With them its
//! last drop finds the key's entry without hashing the key, so it takes the sole handle's
//! shortcut as an unkeyed owner does (no decrement of the count; a recheck under the shard's
//! lock, which `get` also takes to make a handle) and, in the same hold of the lock, clears
//! the slot and removes the key. Without them, the drop takes the count to zero and hashes
//! the key with no lock held (only the last handle may read the value unguarded) first.
//!
//! This file holds `Keyed` and the key index; `keyed.rs` ties it to the registry: `KeyOps`,
//! tracking a keyed owner and the lookups by key.

use crate::Validated;
use core::fmt::Debug;
use core::hash::Hash;

/// A struct with a `#[within(key)]` field: what the derive implements for it, beside
/// overriding [`Validated::__key`]. Not a public API: the derive's hook into the registry.
#[doc(hidden)]
pub trait Keyed: Validated + Sized + Send + Sync + 'static {
    /// The key field's type.
    type Key: Hash + Eq + Clone + Debug + Send + Sync + 'static;
    /// The struct's name as written, for errors (`"Account"`).
    const OWNER: &'static str;
    /// The key field's name, for errors (`"id"`).
    const KEY_FIELD: &'static str;
    /// The key.
    fn key(&self) -> &Self::Key;
}

#[cfg(feature = "std")]
pub(crate) use imp::KeyStore;

#[cfg(feature = "std")]
mod imp {
    use super::Keyed;
    use crate::error::{key_site, SiteData};
    use crate::lease::SHARDS;
    use crate::shard::Locked;
    use crate::shared::Shared;
    use crate::sync::{lock, MutexGuard};
    use crate::{Invalid, OutOfRange, Registry, Tracked, Violation};
    use core::any::Any;
    use core::cell::UnsafeCell;
    use core::hash::BuildHasher;
    use core::marker::PhantomData;
    use core::mem::MaybeUninit;
    use core::sync::atomic::Ordering;
    use std::format;
    use std::ptr;
    use std::vec::Vec;

    /// The keys' hasher. Under loom, std's SipHash with fixed keys, so that a model can pick
    /// keys that share a shard and every execution of it takes the same steps.
    #[cfg(not(loom))]
    pub(crate) type KeyHasher = std::hash::RandomState;
    #[cfg(loom)]
    pub(crate) type KeyHasher =
        core::hash::BuildHasherDefault<std::collections::hash_map::DefaultHasher>;

    /// A key table that empties keeps at most this many entries for reuse.
    const KEEP_WHEN_EMPTY: usize = 1024;

    /// A registry's key index, type-erased so that `Registry<T>` needs no key type.
    pub(crate) trait KeyStore<T: 'static>:
        Send + Sync + std::panic::RefUnwindSafe + std::panic::UnwindSafe
    {
        /// The last drop of `owner`: clears its slot in `registry` and removes its key, under
        /// its shard's lock (`Registry::leave_with`, whose `sole` and return value these are).
        ///
        /// # Safety
        ///
        /// `owner` is registered in `registry`, whose key index this is, and allocated. With
        /// `sole`, its place carries its key's hash bits and the caller holds its only handle
        /// as it last saw; without, its count is zero and no other thread uses its value.
        unsafe fn leave(&self, registry: &Registry<T>, owner: *mut Shared<T>, sole: bool) -> bool;

        fn as_any(&self) -> &dyn Any;
    }

    /// The key index of a registry of `T`, keys of type `K`.
    pub(crate) struct KeyIndex<T: 'static, K: 'static> {
        /// std's SipHash-1-3 with random keys, kept for its HashDoS resistance: keys are often
        /// chosen by whoever sends a request (an account id, a session token), and an attacker
        /// who can make many keys collide in one table makes every track and drop walk them.
        /// Measured against `foldhash::fast` (bench/src/hotpath.rs's keyed row, in a harness
        /// timing thread CPU, same run), when a keyed track and its drop each hashed the key:
        /// keyed track + drop 67 ns with SipHash, 57 ns with foldhash, against 22 ns unkeyed.
        /// On 64-bit targets the drop no longer hashes (its owner's place keeps the hash's low
        /// bits, unless its slot index passes 2^28), so about half that is at stake now.
        /// foldhash states that it does not resist an interactive attacker (its seeds can be
        /// recovered from timings), so it is not worth that.
        pub(crate) hasher: KeyHasher,
        /// Table `i` holds the keys of the owners in slot shard `i`, under that shard's lock.
        tables: [KeyCell<T, K>; SHARDS],
    }

    /// A key table, read and written only under the lock of the slot shard of the same number.
    /// Each on its own 64-byte line, so that threads on two shards do not write one line.
    #[repr(align(64))]
    struct KeyCell<T: 'static, K: 'static>(UnsafeCell<KeyTable<T, K>>);

    /// An open-addressing table with linear probing and backward-shift deletion; at most half
    /// full. Only moved and compared under the lock; allocated and freed without it.
    pub(crate) struct KeyTable<T: 'static, K: 'static> {
        pub(crate) entries: Vec<Entry<T, K>>,
        len: usize,
    }

    /// A slot of a key table: empty when `owner` is null; else `key` holds a clone of the
    /// owner's key.
    pub(crate) struct Entry<T: 'static, K: 'static> {
        hash: u64,
        owner: *mut Shared<T>,
        key: MaybeUninit<K>,
    }

    impl<T: 'static, K: 'static> Entry<T, K> {
        fn empty() -> Self {
            Entry {
                hash: 0,
                owner: ptr::null_mut(),
                key: MaybeUninit::uninit(),
            }
        }
    }

    // SAFETY: the index holds raw pointers to owners and clones of keys; it exists only for a
    // `Keyed` type, which is `Send + Sync`, as its key type is.
    unsafe impl<T: 'static, K: Send + Sync + 'static> Send for KeyIndex<T, K> {}
    // SAFETY: as above.
    unsafe impl<T: 'static, K: Send + Sync + 'static> Sync for KeyIndex<T, K> {}
    // The tables are changed in steps that no panic interrupts (no user code runs mid-step).
    impl<T: 'static, K: 'static> std::panic::RefUnwindSafe for KeyIndex<T, K> {}
    impl<T: 'static, K: 'static> std::panic::UnwindSafe for KeyIndex<T, K> {}

    /// What a lookup under a shard's lock found.
    pub(crate) enum Found<T: 'static> {
        /// A live owner with the key, and a new handle to it (when asked for one).
        Handle(Tracked<T>),
        /// A live owner with the key (no handle asked for).
        Live,
        Absent,
    }

    impl<T: 'static, K: Eq + 'static> KeyTable<T, K> {
        pub(crate) fn has_room(&self) -> bool {
            2 * (self.len + 1) <= self.entries.len()
        }

        fn mask(&self) -> usize {
            self.entries.len() - 1
        }

        /// The live owner with `key`, if any: owners whose count reached zero are leaving and
        /// do not count. With `handle`, makes a handle to it.
        pub(crate) fn find(&self, hash: u64, key: &K, handle: bool) -> Found<T> {
            if self.entries.is_empty() {
                return Found::Absent;
            }
            let mut at = hash as usize & self.mask();
            loop {
                let entry = &self.entries[at];
                if entry.owner.is_null() {
                    return Found::Absent;
                }
                // SAFETY: a non-empty entry's key is initialized.
                if entry.hash == hash && unsafe { entry.key.assume_init_ref() } == key {
                    if handle {
                        // SAFETY: the owner is allocated: its last drop removes this entry
                        // under the lock we hold before freeing it.
                        if let Some(found) = unsafe { Tracked::from_slot(entry.owner) } {
                            return Found::Handle(found);
                        }
                    // SAFETY: as above.
                    } else if unsafe { (*entry.owner).handles.load(Ordering::Acquire) } > 0 {
                        return Found::Live;
                    }
                }
                at = (at + 1) & self.mask();
            }
        }

        /// Puts `owner` with `key`; the table has room.
        pub(crate) fn insert(&mut self, hash: u64, owner: *mut Shared<T>, key: K) {
            let mut at = hash as usize & self.mask();
            while !self.entries[at].owner.is_null() {
                at = (at + 1) & self.mask();
            }
            self.entries[at] = Entry {
                hash,
                owner,
                key: MaybeUninit::new(key),
            };
            self.len += 1;
        }

        /// Removes `owner`'s entry and returns its key, to drop after the lock is released.
        /// `bits` are the low `len` bits of its key's hash: the lookup starts at the entry
        /// they pick if they cover the table's index, else (a table of more than 2^`len`
        /// entries) it goes through the whole table.
        fn remove(&mut self, bits: u64, len: u32, owner: *mut Shared<T>) -> Option<K> {
            if self.entries.is_empty() {
                return None;
            }
            let mask = self.mask();
            let at = if (mask as u64) < (1u64 << len.min(63)) || len >= 64 {
                let mut at = bits as usize & mask;
                loop {
                    let entry = &self.entries[at];
                    if entry.owner.is_null() {
                        return None;
                    }
                    if entry.owner == owner {
                        break at;
                    }
                    at = (at + 1) & mask;
                }
            } else {
                self.entries.iter().position(|entry| entry.owner == owner)?
            };
            // SAFETY: a non-empty entry's key is initialized; the entry is emptied below.
            let key = unsafe { self.entries[at].key.assume_init_read() };
            self.len -= 1;
            // Backward shift: move each following entry back into the hole if its home is
            // not between the hole and it.
            let mut hole = at;
            let mut next = (hole + 1) & mask;
            loop {
                let entry = &self.entries[next];
                if entry.owner.is_null() {
                    break;
                }
                let home = entry.hash as usize & mask;
                let distance_to_next = next.wrapping_sub(home) & mask;
                let distance_to_hole = hole.wrapping_sub(home) & mask;
                if distance_to_hole <= distance_to_next {
                    self.entries.swap(hole, next);
                    hole = next;
                }
                next = (next + 1) & mask;
            }
            self.entries[hole] = Entry::empty();
            Some(key)
        }

        /// Whether a lookup of `hash` reaches `owner`'s entry.
        #[cfg(all(test, not(loom)))]
        fn reaches(&self, hash: u64, owner: *mut Shared<T>) -> bool {
            let mut at = hash as usize & self.mask();
            while !self.entries[at].owner.is_null() {
                if self.entries[at].owner == owner {
                    return true;
                }
                at = (at + 1) & self.mask();
            }
            false
        }

        /// Moves every entry into `spare` (bigger, all empty) and keeps it; returns the old
        /// entries (all moved out) to free after the lock is released.
        pub(crate) fn rehash_into(&mut self, spare: Vec<Entry<T, K>>) -> Vec<Entry<T, K>> {
            let old = core::mem::replace(&mut self.entries, spare);
            let mask = self.mask();
            for entry in &old {
                if !entry.owner.is_null() {
                    let mut at = entry.hash as usize & mask;
                    while !self.entries[at].owner.is_null() {
                        at = (at + 1) & mask;
                    }
                    // SAFETY: a bitwise move; `old`'s copy is never read or dropped again
                    // (`Entry`'s key is `MaybeUninit`, which a drop ignores).
                    self.entries[at] = unsafe { ptr::read(entry) };
                }
            }
            old
        }
    }

    /// The slot shard of a key whose hash is `hash`: the high bits pick it; the table uses
    /// the low ones.
    #[inline]
    pub(crate) fn shard_of_hash(hash: u64) -> usize {
        (hash >> 56) as usize % SHARDS
    }

    pub(crate) fn empty_entries<T: 'static, K: 'static>(len: usize) -> Vec<Entry<T, K>> {
        (0..len).map(|_| Entry::empty()).collect()
    }

    impl<T: Keyed> KeyIndex<T, T::Key> {
        pub(crate) fn new() -> Self {
            KeyIndex {
                hasher: KeyHasher::default(),
                tables: core::array::from_fn(|_| {
                    KeyCell(UnsafeCell::new(KeyTable {
                        entries: Vec::new(),
                        len: 0,
                    }))
                }),
            }
        }

        /// The slot shard, and key table, of an owner whose key has `hash`.
        #[inline]
        pub(crate) fn shard_of(&self, hash: u64) -> usize {
            shard_of_hash(hash)
        }

        /// Key table `shard`.
        ///
        /// # Safety
        ///
        /// `locked` is the lock of slot shard `shard` of this index's registry, and the table
        /// is not used once it is released.
        #[allow(clippy::mut_from_ref)]
        pub(crate) unsafe fn table(
            &self,
            shard: usize,
            locked: &MutexGuard<'_, Locked>,
        ) -> &mut KeyTable<T, T::Key> {
            let _ = locked;
            // SAFETY: the caller holds the lock that guards this table.
            unsafe { &mut *self.tables[shard].0.get() }
        }

        /// The live owner with `key`, as a new handle: one lock, of the key's shard.
        pub(crate) fn get(&self, registry: &Registry<T>, key: &T::Key) -> Option<Tracked<T>> {
            let hash = self.hasher.hash_one(key);
            let shard = self.shard_of(hash);
            let locked = lock(&registry.shard_at(shard).lock);
            // SAFETY: we hold that shard's lock; the table is not used after it is released.
            let found = unsafe { self.table(shard, &locked) }.find(hash, key, true);
            drop(locked);
            match found {
                Found::Handle(handle) => Some(handle),
                _ => None,
            }
        }
    }

    impl<T: Keyed> KeyStore<T> for KeyIndex<T, T::Key> {
        unsafe fn leave(&self, registry: &Registry<T>, owner: *mut Shared<T>, sole: bool) -> bool {
            // SAFETY: the caller keeps `owner` allocated.
            let shared = unsafe { &*owner };
            let (bits, len) = match shared.hash_bits() {
                Some(bits) => bits,
                // Hashed with no lock held: the key's `Hash` is code of the user's.
                // SAFETY: without hash bits the caller is not `sole`: no one else uses the
                // value now.
                None => (
                    self.hasher
                        .hash_one(unsafe { Shared::value_unshared(owner) }.key()),
                    u64::BITS,
                ),
            };
            // The shard its key's hash picked when it was tracked.
            let shard = shared.slot_place() % SHARDS;
            let mut key = None;
            let mut old = Vec::new();
            let remove = |locked: &mut MutexGuard<'_, Locked>| {
                // SAFETY: `leave_with` holds the lock of the owner's shard, and the table is not
                // used after this call.
                let table = unsafe { self.table(shard, locked) };
                key = table.remove(bits, len, owner);
                // A table that emptied after holding many is freed, as slot tables are.
                if table.len == 0 && table.entries.len() > KEEP_WHEN_EMPTY {
                    old = core::mem::take(&mut table.entries);
                }
            };
            // SAFETY: as the caller guarantees; in a keyed registry every shard's lock holder
            // is its writer.
            let left = unsafe { registry.leave_with(owner, sole, true, remove) };
            drop(old);
            drop(key);
            left
        }

        fn as_any(&self) -> &dyn Any {
            self
        }
    }

    /// The site of `T`'s key errors.
    struct KeySite<T>(PhantomData<T>);

    impl<T: Keyed> KeySite<T> {
        const SITE: &'static SiteData = &key_site(T::OWNER, T::KEY_FIELD);
    }

    /// An `Invalid` whose one error is a key error of `T` for `key`.
    pub(crate) fn key_error<T: Keyed>(violation: Violation, key: &T::Key) -> Invalid {
        Invalid::from(OutOfRange::key(
            KeySite::<T>::SITE,
            violation,
            format!("{key:?}"),
        ))
    }

    #[cfg(all(test, not(loom)))]
    mod tests {
        use super::{empty_entries, KeyTable};
        use crate::shared::Shared;

        /// A stand-in owner pointer: `insert` and `remove` compare owners, never read them.
        fn owner(n: usize) -> *mut Shared<()> {
            core::ptr::without_provenance_mut(8 * n)
        }

        /// `remove` finds an owner's entry whether it is given the whole hash, bits that cover the
        /// table's index (a keyed owner's place's 31), or too few (it then goes through the whole
        /// table), among colliding keys; and the entries left are still found after each removal
        /// (the backward shift keeps every probe chain whole).
        #[test]
        fn remove_by_hash_bits() {
            // Hashes: 3, 19, 35 share home 3 in a 16-entry table; 4 is displaced by them.
            let hashes = [3u64, 19, 35, 4, (1 << 40) | 3];
            for len in [64, 31, 2] {
                let mut table = KeyTable::<(), u32> {
                    entries: empty_entries(16),
                    len: 0,
                };
                for (n, &hash) in hashes.iter().enumerate() {
                    table.insert(hash, owner(n + 1), n as u32);
                }
                // The head of the colliding run first, so that the rest shift back.
                let order = [0, 3, 1, 4, 2];
                for (done, &n) in order.iter().enumerate() {
                    let hash = hashes[n];
                    let bits = if len == 64 {
                        hash
                    } else {
                        hash & ((1 << len) - 1)
                    };
                    assert_eq!(
                        table.remove(bits, len, owner(n + 1)),
                        Some(n as u32),
                        "len {len}"
                    );
                    for &m in &order[done + 1..] {
                        assert!(
                            table.reaches(hashes[m], owner(m + 1)),
                            "entry {m} lost after removing {n} (len {len})"
                        );
                    }
                }
                assert_eq!(table.len, 0);
            }
        }
    }
}

#[cfg(feature = "std")]
pub(crate) use imp::{empty_entries, key_error, Entry, Found, KeyIndex};
#[cfg(all(loom, test))]
pub(crate) use imp::{shard_of_hash, KeyHasher};
