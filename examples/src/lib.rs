//! Examples of `within` that need its `serde` or `axum` feature; run them with
//! `cargo run --example config --features serde` and `cargo run --example api --features axum`.
