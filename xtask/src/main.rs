//! `cargo xtask <command>`: the project's one entry point for set-up, building, testing and
//! measuring. Every tool it needs is installed on first use, pinned, and reused afterwards.

mod bench;
mod catalogue;
mod scorm;
mod serve;
mod site;
mod tools;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

const USAGE: &str = "usage: cargo xtask <command>

  serve    install what is missing, build the release site, serve it on http://127.0.0.1:8080
  dist     build the release site into dist/ (relative URLs: host it on any sub-path)
  test     lint, native tests, wasm tests in headless Chromium, end-to-end check of dist/
  bench    engine throughput (native) and release bundle sizes
  check    the fast loop: fmt, clippy (native and wasm32), native tests";

/// A failed step: what failed and what to do about it.
pub struct Failure {
    step: String,
    advice: String,
}

impl Failure {
    /// A failure of `step`, with `advice` for the reader.
    pub fn new(step: impl Into<String>, advice: impl Into<String>) -> Self {
        Self {
            step: step.into(),
            advice: advice.into(),
        }
    }
}

pub type Result<T = ()> = std::result::Result<T, Failure>;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("serve") => serve::serve(&args[1..]),
        Some("dist") => dist().map(|_| ()),
        Some("test") => test(),
        Some("bench") => bench::bench(),
        Some("check") => check(),
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(f) => {
            eprintln!(
                "\nxtask: step failed: {}\nxtask: what to do: {}",
                f.step, f.advice
            );
            ExitCode::FAILURE
        }
    }
}

/// The workspace root (the parent of this crate).
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

/// Prints a step heading.
pub fn step(name: &str) {
    eprintln!("\n==> {name}");
}

/// Runs a command to completion, failing the step if it fails.
pub fn run(step_name: &str, cmd: &mut Command, advice: &str) -> Result {
    let status = cmd.current_dir(root()).status().map_err(|e| {
        Failure::new(
            step_name,
            format!("could not start {:?}: {e}. {advice}", cmd.get_program()),
        )
    })?;
    if status.success() {
        Ok(())
    } else {
        Err(Failure::new(step_name, advice))
    }
}

pub fn cargo() -> Command {
    Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
}

fn lint() -> Result {
    step("fmt");
    run(
        "cargo fmt --check",
        cargo().args(["fmt", "--all", "--", "--check"]),
        "run `cargo fmt --all` and commit the result",
    )?;
    step("clippy (native)");
    run(
        "clippy native",
        cargo().args([
            "clippy",
            "--workspace",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ]),
        "fix the clippy findings above",
    )?;
    step("clippy (wasm32)");
    run(
        "clippy wasm32",
        cargo().args([
            "clippy",
            "--target",
            "wasm32-unknown-unknown",
            "--lib",
            "--bins",
            "--tests",
            "--",
            "-D",
            "warnings",
        ]),
        "fix the clippy findings above",
    )
}

fn native_tests() -> Result {
    step("native tests (engine, links, theory)");
    run(
        "native tests",
        cargo().args(["test", "--workspace"]),
        "a test failed: its message and seed are above",
    )
}

fn check() -> Result {
    tools::wasm_target()?;
    lint()?;
    native_tests()
}

/// Builds the release site; returns the `dist/` folder.
pub fn dist() -> Result<PathBuf> {
    site::build(&tools::build_tools()?)
}

fn test() -> Result {
    let t = tools::build_tools()?;
    let browser = tools::browser()?;
    lint()?;
    native_tests()?;

    step("wasm tests in headless Chromium");
    run(
        "wasm tests",
        cargo()
            .args([
                "test",
                "--target",
                "wasm32-unknown-unknown",
                "--test",
                "web",
            ])
            .env(
                "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER",
                &t.wasm_bindgen_test_runner,
            )
            .env("CHROMEDRIVER", &browser.chromedriver)
            .env("WASM_BINDGEN_TEST_TIMEOUT", "180")
            .env("PATH", t.path_with_wasm_opt()),
        "a browser test failed (output above); webdriver.json holds Chromium's flags",
    )?;

    let dist = dist()?;
    let node = tools::node_tools()?;
    step("end-to-end check of dist/ in headless Chromium");
    run(
        "end-to-end",
        Command::new("node")
            .arg(root().join("tests/e2e/run.mjs"))
            .env("DIST", &dist)
            .env("CHROMIUM", &browser.chromium)
            .env("NODE_TOOLS", &node)
            .env("SCREENSHOTS", root().join("target/e2e")),
        "an end-to-end check failed (output above); screenshots are in target/e2e/",
    )?;
    eprintln!("\nxtask: steps fmt, clippy native, clippy wasm32, native tests, wasm tests, dist, end-to-end");
    println!("xtask: 7 passed, 0 failed");
    Ok(())
}
