//! Where the report goes: `bench/target/` by default, so a run leaves the clone clean; the
//! committed `bench/RESULTS.md` and `docs/memory.svg` only with `--write`.

use std::path::{Path, PathBuf};

/// Whether this run updates the committed files.
pub fn committed() -> bool {
    std::env::args().any(|arg| arg == "--write")
}

/// Writes the report and the chart; returns where.
pub fn write(report: &str, chart: &str) -> (PathBuf, PathBuf) {
    let bench = Path::new(env!("CARGO_MANIFEST_DIR"));
    let (results, svg) = if committed() {
        (bench.join("RESULTS.md"), bench.join("../docs/memory.svg"))
    } else {
        let dir = bench.join("target");
        (dir.join("RESULTS.md"), dir.join("memory.svg"))
    };
    for (path, text) in [(&results, report), (&svg, chart)] {
        if let Some(dir) = path.parent() {
            let _ = std::fs::create_dir_all(dir);
        }
        if let Err(err) = std::fs::write(path, text) {
            eprintln!("cannot write {}: {err}", path.display());
        }
    }
    (results, svg)
}
