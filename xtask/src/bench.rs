//! `cargo xtask bench`: engine throughput (Criterion, native) and release bundle sizes.

use std::io::Write;

use flate2::write::GzEncoder;
use flate2::Compression;

use std::path::Path;

use crate::site::{bundle_dir, BUNDLES};
use crate::{cargo, dist, run, step, Failure, Result};

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
    println!("\nLargest first load: {worst:.1} KB gzipped.");
    Ok(())
}

pub fn bench() -> Result {
    step("engine throughput (criterion, native, heaviest lab settings)");
    run(
        "cargo bench",
        cargo().args(["bench", "--bench", "engine"]),
        "the benchmark failed to build or run",
    )?;
    step("ten simulated minutes of each heaviest run natively, bare and through the timeline");
    let ten = cargo()
        .args(["bench", "--bench", "ten_minutes"])
        .current_dir(crate::root())
        .stderr(std::process::Stdio::inherit())
        .output()
        .map_err(|e| Failure::new("ten minutes", format!("could not start cargo: {e}")))?;
    if !ten.status.success() {
        return Err(Failure::new(
            "ten minutes",
            "the ten-minute benchmark failed to build or run",
        ));
    }
    let ten = String::from_utf8_lossy(&ten.stdout).into_owned();
    print!("{ten}");
    let dist = dist()?;
    step("download per page (what a learner's browser fetches to open it)");
    page_sizes(&dist)?;
    let browser = crate::tools::browser()?;
    let node = crate::tools::node_tools()?;
    step("first frame under Lighthouse's mobile profile (150 ms, 1.6 Mbit/s, 4x CPU), served gzipped, against 2.5 s");
    println!("\n| page | first frame (median of 3) | over the wire | against 2.5 s |\n|---|---:|---:|---|");
    run(
        "first frame",
        std::process::Command::new("node")
            .arg(crate::root().join("tests/e2e/first-frame.mjs"))
            .env("DIST", &dist)
            .env("CHROMIUM", &browser.chromium)
            .env("NODE_TOOLS", &node),
        "the first-frame measurement failed (output above)",
    )?;
    step("in headless Chromium: replay, frame cost, memory soak");
    let out = std::process::Command::new("node")
        .arg(crate::root().join("tests/e2e/bench.mjs"))
        .env("DIST", &dist)
        .env("CHROMIUM", &browser.chromium)
        .env("NODE_TOOLS", &node)
        .stderr(std::process::Stdio::inherit())
        .output()
        .map_err(|e| Failure::new("browser benchmark", format!("could not start node: {e}")))?;
    let text = String::from_utf8_lossy(&out.stdout);
    print!("{text}");
    if !out.status.success() {
        return Err(Failure::new(
            "browser benchmark",
            "the browser benchmark failed (output above)",
        ));
    }
    // The same replay natively and in the browser, side by side.
    let native = criterion_median_ms("event sourcing/full replay of 1,000,000 events");
    let browser_ms = text
        .lines()
        .find(|l| l.contains("full replay of"))
        .and_then(|l| number_after(l, "median "));
    match (native, browser_ms) {
        (Some(n), Some(b)) => println!(
            "\nEngine speed in WebAssembly: a million-event replay takes {b:.1} ms in Chromium and {n:.1} ms natively: {:.2}x native.",
            n / b
        ),
        _ => println!("\n(wasm/native ratio not available: a measurement is missing above)"),
    }
    println!("\nThe engine alone, one simulated second of the same state (t=60 of each lab's heaviest link; Chromium: the median of three page loads):\n");
    println!("| state | native | Chromium | wasm/native |\n|---|---:|---:|---:|");
    for line in text
        .lines()
        .filter_map(|l| l.strip_prefix("| same state: "))
    {
        let name = line.split(" |").next().unwrap_or("").trim();
        let browser_ms = number_after(line, "median ");
        let native = criterion_median_ms(&format!("same state as the browser/{name}"));
        match (native, browser_ms) {
            (Some(n), Some(b)) => println!("| {name} | {n:.2} ms | {b:.2} ms | {:.2}x |", n / b),
            _ => println!("| {name} | (a measurement is missing) | | |"),
        }
    }
    links_against_the_engine(&text, &ten);
    Ok(())
}

/// Each `t=600` link's time in Chromium beside ten minutes of the bare engine natively: the
/// page gives the engine 12 ms of each 16.7 ms frame, so 1.39 is the least the ratio can be
/// at native speed, and about 1.39 over the engine's wasm/native speed is what its
/// throughput requires.
fn links_against_the_engine(browser: &str, native: &str) {
    println!(
        "\nA `t=600` link in Chromium against the bare engine natively (ten simulated minutes):\n"
    );
    println!("| run | link in Chromium | bare engine natively | Chromium / native |\n|---|---:|---:|---:|");
    for line in browser.lines().filter_map(|l| l.strip_prefix("| seek: ")) {
        let name = line.split(" |").next().unwrap_or("").trim();
        let link_s = number_after(line, "t=600 link computed in ");
        let bare_s = native
            .lines()
            .find(|l| l.contains(&format!("natively: {name} |")))
            .and_then(|l| number_after(l, "bare engine "));
        match (link_s, bare_s) {
            (Some(l), Some(b)) => println!("| {name} | {l:.1} s | {b:.2} s | {:.2} |", l / b),
            _ => println!("| {name} | (a measurement is missing) | | |"),
        }
    }
}

/// The number that follows `label` in a line a benchmark printed.
fn number_after(line: &str, label: &str) -> Option<f64> {
    let rest = &line[line.find(label)? + label.len()..];
    rest.split([' ', '|']).next()?.trim().parse().ok()
}

/// Criterion's median for the benchmark `id` (group/name), ms.
fn criterion_median_ms(id: &str) -> Option<f64> {
    let path = crate::root()
        .join("target/criterion")
        .join(id)
        .join("new/estimates.json");
    let json = std::fs::read_to_string(path).ok()?;
    let median = &json[json.find("\"median\"")?..];
    let value = &median[median.find("\"point_estimate\":")? + "\"point_estimate\":".len()..];
    let end = value.find([',', '}'])?;
    value[..end].trim().parse::<f64>().ok().map(|ns| ns / 1e6)
}
