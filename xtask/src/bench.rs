//! `cargo xtask bench`: engine throughput (Criterion, native) and release bundle sizes.

use std::io::Write;

use flate2::write::GzEncoder;
use flate2::Compression;

use crate::{cargo, dist, run, step, Failure, Result};

pub fn bench() -> Result {
    step("engine throughput (criterion, native, heaviest lab settings)");
    run(
        "cargo bench",
        cargo().args(["bench", "--bench", "engine"]),
        "the benchmark failed to build or run",
    )?;
    let dist = dist()?;
    step("release bundle sizes");
    let mut rows = Vec::new();
    let entries = std::fs::read_dir(&dist)
        .map_err(|e| Failure::new("sizes", format!("cannot read {}: {e}", dist.display())))?;
    for entry in entries.flatten() {
        let path = entry.path();
        let Some(ext) = path.extension().and_then(|e| e.to_str()).map(str::to_owned) else {
            continue;
        };
        if !["wasm", "js", "css", "html"].contains(&ext.as_str()) {
            continue;
        }
        let bytes = std::fs::read(&path).map_err(|e| Failure::new("sizes", e.to_string()))?;
        let mut gz = GzEncoder::new(Vec::new(), Compression::best());
        gz.write_all(&bytes)
            .map_err(|e| Failure::new("sizes", e.to_string()))?;
        let zipped = gz
            .finish()
            .map_err(|e| Failure::new("sizes", e.to_string()))?
            .len();
        rows.push((ext, bytes.len(), zipped));
    }
    rows.sort();
    println!("\n| file | raw | gzip |\n|---|---:|---:|");
    let (mut raw, mut zipped) = (0, 0);
    for (ext, r, z) in &rows {
        println!(
            "| {ext} | {:.1} KB | {:.1} KB |",
            *r as f64 / 1000.0,
            *z as f64 / 1000.0
        );
        raw += r;
        zipped += z;
    }
    println!(
        "| whole page | {:.1} KB | {:.1} KB |",
        raw as f64 / 1000.0,
        zipped as f64 / 1000.0
    );
    let browser = crate::tools::browser()?;
    let node = crate::tools::node_tools()?;
    step("event-sourcing replay in headless Chromium");
    run(
        "browser replay benchmark",
        std::process::Command::new("node")
            .arg(crate::root().join("tests/e2e/bench.mjs"))
            .env("DIST", &dist)
            .env("CHROMIUM", &browser.chromium)
            .env("NODE_TOOLS", &node),
        "the browser benchmark failed (output above)",
    )
}
