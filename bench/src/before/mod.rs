//! The registry as it was on main at commit 8df4964, before the shard lock became a standard
//! `Mutex`: its own spin-then-sleep lock, growth under the lock, creation sites not recorded.
//! Kept verbatim (imports aside) so that every run measures today's registry against it, and the
//! old lock against the standard ones, side by side.

#![allow(dead_code)]

pub mod lock;
pub mod registry;
pub mod tracked;

pub use registry::Registry;
pub use tracked::Tracked;
