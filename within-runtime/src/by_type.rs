//! The default registry of each type that has no `static` of its own: a table from `TypeId` to
//! registry, kept for the life of the program.

use crate::registry::Registry;
use core::any::{Any, TypeId};
use core::hash::{Hash, Hasher};
use std::boxed::Box;
use std::sync::OnceLock;

/// The default registry of a type that has no `static` of its own: generic types (a `static`
/// inside a generic function would be shared by every instantiation) and hand-written impls.
///
/// A table keyed by `TypeId` that only ever grows, read without any lock: a hash picks one of
/// a fixed number of buckets, each a chain of entries linked through `OnceLock`s. Finding a
/// registry is a few atomic loads, so threads tracking owners of generic types never wait for
/// each other here. The first use of a type appends its entry at the end of its bucket's
/// chain: `OnceLock::set` makes threads that append to the same chain at the same moment wait
/// for each other, for as long as it takes to store a pointer.
pub(crate) fn registry_of<T: 'static>() -> &'static Registry<T> {
    const BUCKETS: usize = 64;
    static TABLE: [Link; BUCKETS] = [const { OnceLock::new() }; BUCKETS];

    let id = TypeId::of::<T>();
    let mut hasher = TypeIdHasher(0);
    id.hash(&mut hasher);
    let mut link: &'static Link = &TABLE[hasher.0 as usize % BUCKETS];
    // The entry this call made, while it is not linked in.
    let mut fresh: Option<Box<Entry>> = None;
    loop {
        let entry = match link.get() {
            Some(entry) => entry,
            None => {
                let new = fresh.take().unwrap_or_else(|| {
                    Box::new(Entry {
                        id,
                        registry: Box::new(Registry::<T>::new()),
                        next: OnceLock::new(),
                    })
                });
                match link.set(new) {
                    Ok(()) => continue,
                    // Another thread appended first: look at its entry, then go on.
                    Err(new) => {
                        fresh = Some(new);
                        continue;
                    }
                }
            }
        };
        if entry.id == id {
            // If another thread linked this type's entry first, ours (`fresh`), never used, is
            // dropped on return.
            return match entry.registry.downcast_ref() {
                Some(registry) => registry,
                None => unreachable!("each entry maps a TypeId to a registry of that type"),
            };
        }
        link = &entry.next;
    }
}

/// One link of a `registry_of` chain: empty at the end of the chain.
type Link = OnceLock<Box<Entry>>;

/// A type and its default registry, owned by the table for the life of the program.
struct Entry {
    id: TypeId,
    registry: Box<dyn Any + Send + Sync>,
    next: Link,
}

/// Hashes a `TypeId`, which is already a hash of the type: keeps the bits it writes.
struct TypeIdHasher(u64);

impl Hasher for TypeIdHasher {
    fn write(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(byte);
        }
    }

    fn write_u64(&mut self, word: u64) {
        self.0 ^= word;
    }

    fn finish(&self) -> u64 {
        self.0
    }
}
