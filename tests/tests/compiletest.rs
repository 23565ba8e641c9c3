//! Compile-fail and compile-pass cases for the derive, under `tests/ui`.
//!
//! The `.stderr` files hold rustc's exact output, which changes between releases, so the cases
//! run on the one toolchain the project is tested with (rust-version in Cargo.toml) and are
//! ignored on others. After a toolchain upgrade, regenerate them with
//! `TRYBUILD=overwrite cargo test -p within-tests --test compiletest` and review the diff.

#[rustversion::attr(not(stable(1.95)), ignore = "ui output is pinned to rustc 1.95")]
#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.pass("ui/pass/*.rs");
    t.compile_fail("ui/fail/*.rs");
}
