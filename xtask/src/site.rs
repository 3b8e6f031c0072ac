//! The release site: one page (`index.html`, the stylesheet, `loader.js`) and one WebAssembly
//! bundle per lab plus one for the tour, each built by Trunk from its own binary. The page's
//! loader starts the bundle the link names, so a learner downloads the shell and one lab,
//! however many labs exist.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::tools::BuildTools;
use crate::{cargo, root, run, step, Failure, Result};

/// A page bundle: the link key that opens it and the binary that builds it.
pub struct Bundle {
    /// `lab=` value (`tour` for the tour).
    pub key: &'static str,
    /// The binary in `src/` (`main.rs`) or `src/bin/`.
    pub bin: &'static str,
    /// Its title, for a course platform's catalogue (its SCORM package).
    pub title: &'static str,
}

/// Every bundle. A new lab adds a binary in `src/bin/` and a line here.
pub const BUNDLES: [Bundle; 9] = [
    Bundle {
        key: "tour",
        bin: "scaling-lab",
        title: "The tour",
    },
    Bundle {
        key: "backpressure",
        bin: "lab-backpressure",
        title: "Back-pressure",
    },
    Bundle {
        key: "event-sourcing",
        bin: "lab-event-sourcing",
        title: "Event sourcing",
    },
    Bundle {
        key: "async",
        bin: "lab-async",
        title: "Async processing",
    },
    Bundle {
        key: "views",
        bin: "lab-views",
        title: "Materialized views",
    },
    Bundle {
        key: "cqrs",
        bin: "lab-cqrs",
        title: "CQRS",
    },
    Bundle {
        key: "gateway",
        bin: "lab-gateway",
        title: "Gateway",
    },
    Bundle {
        key: "streams",
        bin: "lab-streams",
        title: "Streams",
    },
    Bundle {
        key: "pipeline",
        bin: "lab-pipeline",
        title: "Pipeline",
    },
];

/// Where a bundle's files go, relative to `dist/`.
pub fn bundle_dir(key: &str) -> String {
    format!("b/{key}")
}

fn trunk(t: &BuildTools, html: &Path, dist: Option<&Path>) -> Command {
    let mut cmd = Command::new(&t.trunk);
    cmd.arg("build")
        .arg(html)
        .args(["--release", "--offline"])
        .env("PATH", t.path_with_wasm_opt())
        .env("TRUNK_SKIP_VERSION_CHECK", "true")
        .env("TRUNK_OFFLINE", "true")
        .env("NO_COLOR", "true");
    if let Some(dist) = dist {
        // A bundle's loader is minified by terser afterwards: Trunk's own minifier cannot
        // read the wasm-bindgen module (`export default`) and only warns.
        cmd.arg("--dist")
            .arg(dist)
            .args(["--public-url", "./", "--minify", "false"]);
    }
    cmd
}

/// A file operation of `step_name` that failed.
pub fn io(step_name: &str, e: impl std::fmt::Display) -> Failure {
    Failure::new(step_name, e.to_string())
}

/// The bundle's JavaScript loader and WebAssembly file names, as Trunk hashed them.
fn outputs(dir: &Path, bin: &str) -> Result<(String, String)> {
    let mut js = None;
    let mut wasm = None;
    for entry in std::fs::read_dir(dir)
        .map_err(|e| io("bundle files", e))?
        .flatten()
    {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with(bin) && name.ends_with(".js") {
            js = Some(name);
        } else if name.starts_with(bin) && name.ends_with("_bg.wasm") {
            wasm = Some(name);
        }
    }
    match (js, wasm) {
        (Some(js), Some(wasm)) => Ok((js, wasm)),
        _ => Err(Failure::new(
            "bundle files",
            format!(
                "Trunk left no {bin}*.js and {bin}*_bg.wasm in {}",
                dir.display()
            ),
        )),
    }
}

/// Builds the whole site into `dist/`.
pub fn build(t: &BuildTools) -> Result<PathBuf> {
    let root = root();
    let dist = root.join("dist");
    step("cargo build --release (every page bundle, one build)");
    run(
        "cargo build --release",
        cargo().args([
            "build",
            "--release",
            "--target",
            "wasm32-unknown-unknown",
            "--bins",
        ]),
        "the web build failed; `cargo check --target wasm32-unknown-unknown` shows compile errors faster",
    )?;
    step("trunk build: the page");
    run(
        "trunk build (page)",
        &mut trunk(t, &root.join("index.html"), None),
        "the page build failed (output above)",
    )?;
    let mut map = Vec::new();
    for b in BUNDLES {
        step(&format!("trunk build: bundle {} ({})", b.key, b.bin));
        // Trunk builds from an HTML file; each bundle gets a generated one naming its binary
        // (in target/bundles/KEY/, three levels below the manifest).
        let src = root.join("target/bundles").join(b.key);
        std::fs::create_dir_all(&src).map_err(|e| io("bundle page", e))?;
        let html = src.join("index.html");
        std::fs::write(
            &html,
            format!(
                "<!DOCTYPE html><html><head><link data-trunk rel=\"rust\" href=\"../../../Cargo.toml\" data-bin=\"{}\" data-wasm-opt=\"z\" /></head><body></body></html>\n",
                b.bin
            ),
        )
        .map_err(|e| io("bundle page", e))?;
        let out = dist.join(bundle_dir(b.key));
        run(
            &format!("trunk build ({})", b.key),
            &mut trunk(t, &html, Some(&out)),
            "a bundle build failed (output above)",
        )?;
        // Only the loader and the module are used; the page is the site's own.
        let _ = std::fs::remove_file(out.join("index.html"));
        let (js, wasm) = outputs(&out, b.bin)?;
        let js_path = out.join(&js);
        run(
            &format!("minify {js}"),
            Command::new(t.terser())
                .arg(&js_path)
                .args(["--module", "--compress", "--mangle", "--output"])
                .arg(&js_path),
            "terser failed on the wasm-bindgen loader (output above)",
        )?;
        map.push(format!(
            "&quot;{}&quot;:{{&quot;js&quot;:&quot;{dir}/{js}&quot;,&quot;wasm&quot;:&quot;{dir}/{wasm}&quot;}}",
            b.key,
            dir = bundle_dir(b.key)
        ));
    }
    let index = dist.join("index.html");
    let page = std::fs::read_to_string(&index).map_err(|e| io("page", e))?;
    // The minifier rewrites the placeholder tag (`<meta name=scaling-lab-bundles>`): find
    // the tag by its name and replace it whole.
    let tag = page
        .find("scaling-lab-bundles")
        .and_then(|at| Some((page[..at].rfind("<meta")?, at)))
        .and_then(|(start, at)| Some((start, at + page[at..].find('>')? + 1)));
    let Some((start, end)) = tag else {
        return Err(Failure::new(
            "page",
            format!("{} lacks the scaling-lab-bundles meta tag", index.display()),
        ));
    };
    let page = format!(
        "{}<meta name=\"scaling-lab-bundles\" content=\"{{{}}}\">{}",
        &page[..start],
        map.join(","),
        &page[end..]
    );
    // The page's skipped Rust link stays in Trunk's output as an inert tag: take it out.
    let page = match page
        .find("data-trunk-skip")
        .and_then(|at| Some((page[..at].rfind("<link")?, at + page[at..].find('>')? + 1)))
    {
        Some((start, end)) => format!("{}{}", &page[..start], &page[end..]),
        None => page,
    };
    let page = inline_loader(&page, &dist)?;
    std::fs::write(&index, page).map_err(|e| io("page", e))?;
    crate::catalogue::write_all(&dist)?;
    crate::scorm::packages(&dist)?;
    eprintln!("xtask: site written to {}", dist.display());
    Ok(dist)
}

/// Standard base64 (the alphabet and padding a Content-Security-Policy hash is written in).
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[(n >> (18 - 6 * i) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Puts the loader in the page itself, allowed by its hash in the page's
/// Content-Security-Policy: on a slow network the bundle's download starts a round trip
/// sooner than if the page first fetched `loader.js` (which stays beside it, unused).
fn inline_loader(page: &str, dist: &Path) -> Result<String> {
    use sha2::{Digest, Sha256};
    let tag = "<script src=loader.js type=module></script>";
    if !page.contains(tag) {
        return Err(Failure::new(
            "page",
            "the minified page lacks its loader tag".to_owned(),
        ));
    }
    let loader = std::fs::read_to_string(dist.join("loader.js")).map_err(|e| io("loader", e))?;
    if loader.contains("</script") {
        return Err(Failure::new(
            "page",
            "loader.js cannot be inlined: it contains </script".to_owned(),
        ));
    }
    let hash = base64(&Sha256::digest(loader.as_bytes()));
    let csp = "script-src 'self' 'wasm-unsafe-eval'";
    if !page.contains(csp) {
        return Err(Failure::new(
            "page",
            format!("the page's policy lacks `{csp}`"),
        ));
    }
    Ok(page
        .replacen(csp, &format!("{csp} 'sha256-{hash}'"), 1)
        .replacen(tag, &format!("<script type=module>{loader}</script>"), 1))
}
