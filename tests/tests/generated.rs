//! Structs drawn from a grammar of what users have in scope and write (see `build.rs`), each
//! with a test of what its derive must do: names shadowed, fields named like generated items,
//! bounds and defaults in every path and expression form.

include!(concat!(env!("OUT_DIR"), "/generated_structs.rs"));
