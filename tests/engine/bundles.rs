//! The page's loader (JavaScript) picks a bundle by the same rule as the Rust link parser, and
//! every lab has a bundle: checked here so the two sides cannot drift apart.

use scaling_lab::link::registry::{Lab, BACKPRESSURE_KEYS, TOUR};

fn read(path: &str) -> String {
    std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(path))
        .unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[test]
fn the_loader_knows_the_same_back_pressure_parameters_as_the_parser() {
    let loader = read("src/loader.js");
    let line = loader
        .lines()
        .find(|l| l.contains("const BACKPRESSURE_KEYS"))
        .expect("loader.js names BACKPRESSURE_KEYS");
    let listed: Vec<&str> = line.split('\'').skip(1).step_by(2).collect();
    assert_eq!(listed, BACKPRESSURE_KEYS.to_vec());
}

#[test]
fn every_lab_and_the_tour_have_a_page_bundle() {
    let site = read("xtask/src/site.rs");
    for key in std::iter::once(TOUR).chain(Lab::ALL.iter().map(|l| l.key())) {
        let line = format!("key: \"{key}\"");
        assert!(
            site.contains(&line),
            "xtask/src/site.rs has no bundle for {key}"
        );
        if key != TOUR {
            let bin = format!("src/bin/lab-{key}.rs");
            assert!(
                std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                    .join(&bin)
                    .exists(),
                "{bin} is missing"
            );
        }
    }
}
