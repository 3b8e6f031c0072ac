//! Installs what the build and the tests need, pinned, and reuses what is already there.
//! The versions are the ones known to work on this project's machines (see the README).

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::{root, run, step, Failure, Result};

const TRUNK: &str = "0.21.14";
const WASM_BINDGEN: &str = "0.2.130";
const BINARYEN: &str = "132.0.0";
const PLAYWRIGHT_CORE: &str = "1.65.1";
const TERSER: &str = "5.51.4";
const AXE_CORE: &str = "4.14.1";
/// The LMS side of SCORM 1.2, for the end-to-end check of the packages.
const SCORM_AGAIN: &str = "3.4.3";

/// Paths of the build tools.
pub struct BuildTools {
    pub trunk: PathBuf,
    pub wasm_bindgen_test_runner: PathBuf,
    node_bin: PathBuf,
}

impl BuildTools {
    /// The pinned JavaScript minifier (for the wasm-bindgen loaders, which Trunk leaves as
    /// they are).
    pub fn terser(&self) -> PathBuf {
        self.node_bin.join("terser")
    }
}

impl BuildTools {
    /// `PATH` with the pinned wasm-opt first: Debian's older wasm-opt breaks the module.
    pub fn path_with_wasm_opt(&self) -> String {
        let rest = std::env::var("PATH").unwrap_or_default();
        format!(
            "{}:{}:{rest}",
            self.node_bin.display(),
            cargo_bin().display()
        )
    }
}

/// The browser for tests.
pub struct Browser {
    pub chromium: PathBuf,
    pub chromedriver: PathBuf,
}

fn cargo_bin() -> PathBuf {
    let home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))
        .unwrap_or_else(|| PathBuf::from(".cargo"));
    home.join("bin")
}

/// Where npm packages go: inside `target/`, so `cargo clean` removes them too.
fn node_dir() -> PathBuf {
    root().join("target/tools/node")
}

fn version_of(program: &Path, arg: &str) -> Option<String> {
    let out = Command::new(program).arg(arg).output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

/// The wasm32 target of the active toolchain.
pub fn wasm_target() -> Result {
    let out = Command::new("rustup")
        .args(["target", "list", "--installed"])
        .output();
    let installed = out
        .map(|o| String::from_utf8_lossy(&o.stdout).contains("wasm32-unknown-unknown"))
        .unwrap_or(false);
    if !installed {
        step("installing the wasm32-unknown-unknown target");
        run(
            "rustup target add",
            Command::new("rustup").args(["target", "add", "wasm32-unknown-unknown"]),
            "install rustup, or add the wasm32-unknown-unknown target to your toolchain by hand",
        )?;
    }
    Ok(())
}

fn cargo_tool(
    bin: &str,
    krate: &str,
    version: &str,
    locked: bool,
    minutes: &str,
) -> Result<PathBuf> {
    let path = cargo_bin().join(bin);
    if version_of(&path, "--version").is_some_and(|v| v.contains(version)) {
        return Ok(path);
    }
    step(&format!(
        "installing {krate} {version} (first time only; about {minutes} minutes on 2 cores)"
    ));
    let mut cmd = Command::new("cargo");
    cmd.args(["install", krate, "--version", version, "--force"]);
    if locked {
        cmd.arg("--locked");
    }
    run(
        &format!("cargo install {krate}"),
        &mut cmd,
        "check that crates.io is reachable and a C compiler is installed",
    )?;
    Ok(path)
}

fn npm_tools() -> Result<PathBuf> {
    let dir = node_dir();
    let have = |pkg: &str, version: &str| {
        std::fs::read_to_string(dir.join("node_modules").join(pkg).join("package.json"))
            .is_ok_and(|s| s.contains(&format!("\"version\": \"{version}\"")))
    };
    if have("binaryen", BINARYEN)
        && have("playwright-core", PLAYWRIGHT_CORE)
        && have("terser", TERSER)
        && have("axe-core", AXE_CORE)
        && have("scorm-again", SCORM_AGAIN)
    {
        return Ok(dir);
    }
    step(&format!("installing npm packages binaryen@{BINARYEN}, playwright-core@{PLAYWRIGHT_CORE}, terser@{TERSER}, axe-core@{AXE_CORE} and scorm-again@{SCORM_AGAIN} into target/tools/node"));
    std::fs::create_dir_all(&dir).map_err(|e| {
        Failure::new(
            "npm install",
            format!("cannot create {}: {e}", dir.display()),
        )
    })?;
    run(
        "npm install",
        Command::new("npm")
            .args([
                "install",
                "--no-save",
                "--no-package-lock",
                "--no-audit",
                "--no-fund",
                "--prefix",
            ])
            .arg(&dir)
            .arg(format!("binaryen@{BINARYEN}"))
            .arg(format!("playwright-core@{PLAYWRIGHT_CORE}"))
            .arg(format!("terser@{TERSER}"))
            .arg(format!("axe-core@{AXE_CORE}"))
            .arg(format!("scorm-again@{SCORM_AGAIN}"))
            .env("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1"),
        "install Node.js 18+ and npm, and check that the npm registry is reachable",
    )?;
    Ok(dir)
}

/// The npm folder holding playwright-core, for the end-to-end check.
pub fn node_tools() -> Result<PathBuf> {
    npm_tools()
}

/// Everything `trunk build` and the wasm tests need.
pub fn build_tools() -> Result<BuildTools> {
    wasm_target()?;
    let wasm_bindgen = cargo_tool(
        "wasm-bindgen",
        "wasm-bindgen-cli",
        WASM_BINDGEN,
        false,
        "4-8",
    )?;
    let trunk = cargo_tool("trunk", "trunk", TRUNK, true, "10")?;
    let node_bin = npm_tools()?.join("node_modules/.bin");
    let wasm_opt = node_bin.join("wasm-opt");
    if !version_of(&wasm_opt, "--version")
        .is_some_and(|v| v.contains("version 132") || v.contains("version_132"))
    {
        return Err(Failure::new(
            "wasm-opt",
            format!(
                "{} is not binaryen 132; delete target/tools and retry",
                wasm_opt.display()
            ),
        ));
    }
    Ok(BuildTools {
        trunk,
        wasm_bindgen_test_runner: wasm_bindgen.with_file_name("wasm-bindgen-test-runner"),
        node_bin,
    })
}

/// Chromium and its driver: installed from Debian's packages when running as root on
/// Debian; otherwise, a message saying what to install.
pub fn browser() -> Result<Browser> {
    let found = |names: &[&str]| names.iter().map(PathBuf::from).find(|p| p.exists());
    let chromium = || found(&["/usr/bin/chromium", "/usr/bin/chromium-browser"]);
    let driver = || found(&["/usr/bin/chromedriver"]);
    if let (Some(chromium), Some(chromedriver)) = (chromium(), driver()) {
        return Ok(Browser {
            chromium,
            chromedriver,
        });
    }
    let is_root = Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0");
    let advice = "install Chromium and ChromeDriver from your system's packages \
                  (Debian: `apt-get install chromium chromium-driver`) so that /usr/bin/chromium \
                  and /usr/bin/chromedriver exist";
    if !(is_root && Path::new("/etc/debian_version").exists()) {
        return Err(Failure::new("browser for tests", advice));
    }
    step("installing chromium and chromium-driver from Debian's packages");
    run(
        "apt-get update",
        Command::new("apt-get").arg("update"),
        advice,
    )?;
    run(
        "apt-get install",
        Command::new("apt-get")
            .args([
                "install",
                "-y",
                "--no-install-recommends",
                "chromium",
                "chromium-driver",
            ])
            .env("DEBIAN_FRONTEND", "noninteractive"),
        advice,
    )?;
    match (chromium(), driver()) {
        (Some(chromium), Some(chromedriver)) => Ok(Browser {
            chromium,
            chromedriver,
        }),
        _ => Err(Failure::new("browser for tests", advice)),
    }
}
