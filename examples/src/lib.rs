//! Examples of `within` that need its `serde` feature; run them with
//! `cargo run --example config --features serde`.
