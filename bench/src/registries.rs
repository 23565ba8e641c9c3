//! The registries our `Registry<T>` is compared with, and one interface over all three for the
//! memory workloads.

use crate::Exam;
use std::sync::{Arc, Mutex, RwLock, Weak};
use within_runtime::{Registry, Tracked};

/// The Python bug, ported: `_seen` is a plain dict, so the registry holds a strong reference to
/// every owner it ever saw and none is ever freed.
pub struct Strong<T> {
    seen: Mutex<Vec<Arc<RwLock<T>>>>,
}

impl<T> Strong<T> {
    pub const fn new() -> Self {
        Strong {
            seen: Mutex::new(Vec::new()),
        }
    }

    pub fn track(&self, value: T) -> Arc<RwLock<T>> {
        let owner = Arc::new(RwLock::new(value));
        self.seen.lock().unwrap().push(Arc::clone(&owner));
        owner
    }
}

/// The obvious port of `WeakKeyDictionary`: weak handles, dead ones pruned lazily, when the
/// vector is full and would otherwise double. A dead `Weak` still pins its owner's allocation
/// (counters and value) until it is pruned.
pub struct LazyWeak<T> {
    seen: Mutex<Vec<Weak<RwLock<T>>>>,
}

impl<T> LazyWeak<T> {
    pub const fn new() -> Self {
        LazyWeak {
            seen: Mutex::new(Vec::new()),
        }
    }

    pub fn track(&self, value: T) -> Arc<RwLock<T>> {
        let owner = Arc::new(RwLock::new(value));
        let mut seen = self.seen.lock().unwrap();
        if seen.len() == seen.capacity() {
            seen.retain(|weak| weak.strong_count() > 0);
        }
        seen.push(Arc::downgrade(&owner));
        owner
    }

    /// The owners still alive, like `Registry::live`.
    pub fn live(&self) -> Vec<Arc<RwLock<T>>> {
        self.seen
            .lock()
            .unwrap()
            .iter()
            .filter_map(Weak::upgrade)
            .collect()
    }
}

/// What the memory workloads need from a registry: track an exam and hand back its handle.
pub trait Tracks {
    type Handle;
    fn track_exam(&self, exam: Exam) -> Self::Handle;
}

impl Tracks for &'static Registry<Exam> {
    type Handle = Tracked<Exam>;
    fn track_exam(&self, exam: Exam) -> Tracked<Exam> {
        match self.track(exam) {
            Ok(handle) => handle,
            Err(err) => panic!("a valid exam was rejected: {err}"),
        }
    }
}

impl Tracks for Strong<Exam> {
    type Handle = Arc<RwLock<Exam>>;
    fn track_exam(&self, exam: Exam) -> Self::Handle {
        self.track(exam)
    }
}

impl Tracks for LazyWeak<Exam> {
    type Handle = Arc<RwLock<Exam>>;
    fn track_exam(&self, exam: Exam) -> Self::Handle {
        self.track(exam)
    }
}
