//! What the benchmarks share: the lists of runs they time (`name | query` a line, `#` for a
//! comment), which the browser benchmark reads too, so both time the same runs.

use scaling_lab::link::registry::{LabParams, Page};

/// The runs a list names, with the parameters their links give (a line whose query opens no
/// lab is reported and left out).
pub fn runs(list: &str) -> impl Iterator<Item = (&str, LabParams)> {
    scaling_lab::labs::register_all();
    list.lines()
        .filter(|line| !line.starts_with('#'))
        .filter_map(|line| line.split_once(" | "))
        .filter_map(|(name, query)| {
            let name = name.trim();
            let lab = Page::from_query(query.trim()).0.lab;
            if lab.is_none() {
                eprintln!("{name}: the query opens no lab");
            }
            Some((name, lab?))
        })
}
