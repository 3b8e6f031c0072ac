//! `cargo xtask bench`: engine throughput (Criterion, native) and release bundle sizes.

use std::io::Write;

use flate2::write::GzEncoder;
use flate2::Compression;

use std::path::Path;

use crate::site::{bundle_dir, BUNDLES};
use crate::{cargo, dist, run, step, Failure, Result};

/// The aim for any one page's first load, gzipped.
const BUDGET_KB: f64 = 200.0;

/// Raw and gzipped (best compression) size of a file, bytes.
fn sizes(path: &Path) -> Result<(usize, usize)> {
    let bytes = std::fs::read(path)
        .map_err(|e| Failure::new("sizes", format!("{}: {e}", path.display())))?;
    let mut gz = GzEncoder::new(Vec::new(), Compression::best());
    gz.write_all(&bytes)
        .map_err(|e| Failure::new("sizes", e.to_string()))?;
    let zipped = gz
        .finish()
        .map_err(|e| Failure::new("sizes", e.to_string()))?
        .len();
    Ok((bytes.len(), zipped))
}

/// Files in `dir` (not below it) with one of `exts`.
fn files(dir: &Path, exts: &[&str]) -> Result<Vec<std::path::PathBuf>> {
    let entries = std::fs::read_dir(dir)
        .map_err(|e| Failure::new("sizes", format!("cannot read {}: {e}", dir.display())))?;
    let mut out: Vec<_> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.is_file()
                && p.extension()
                    .and_then(|e| e.to_str())
                    .is_some_and(|e| exts.contains(&e))
        })
        .collect();
    out.sort();
    Ok(out)
}

/// Prints, per page, the shared files (page, stylesheet, loader) plus its bundle.
fn page_sizes(dist: &Path) -> Result {
    let shared = files(dist, &["html", "css", "js"])?;
    let mut shared_raw = 0;
    let mut shared_gz = 0;
    for f in &shared {
        let (r, z) = sizes(f)?;
        shared_raw += r;
        shared_gz += z;
    }
    println!(
        "\n| page | wasm (gzip) | js (gzip) | page, css, loader (gzip) | total raw | total gzip |"
    );
    println!("|---|---:|---:|---:|---:|---:|");
    let kb = |b: usize| b as f64 / 1000.0;
    let mut worst = 0.0f64;
    for b in BUNDLES {
        let (mut wasm, mut js, mut raw) = (0, 0, shared_raw);
        for f in files(&dist.join(bundle_dir(b.key)), &["wasm", "js"])? {
            let (r, z) = sizes(&f)?;
            raw += r;
            if f.extension().is_some_and(|e| e == "wasm") {
                wasm += z;
            } else {
                js += z;
            }
        }
        let total = wasm + js + shared_gz;
        worst = worst.max(kb(total));
        println!(
            "| {} | {:.1} KB | {:.1} KB | {:.1} KB | {:.1} KB | {:.1} KB |",
            b.key,
            kb(wasm),
            kb(js),
            kb(shared_gz),
            kb(raw),
            kb(total)
        );
    }
    println!(
        "\nLargest first load: {worst:.1} KB gzipped ({} the {BUDGET_KB:.0} KB aim).",
        if worst <= BUDGET_KB { "within" } else { "over" }
    );
    Ok(())
}

pub fn bench() -> Result {
    step("engine throughput (criterion, native, heaviest lab settings)");
    run(
        "cargo bench",
        cargo().args(["bench", "--bench", "engine"]),
        "the benchmark failed to build or run",
    )?;
    let dist = dist()?;
    step("download per page (what a learner's browser fetches to open it)");
    page_sizes(&dist)?;
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
