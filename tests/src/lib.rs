//! Integration tests of `within`: this library compiles the README's examples as doctests and
//! holds what several tests share.

pub mod rng;
pub mod watchdog;

#[doc = include_str!("../../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
