//! What course platforms read about each lab: `dist/meta/<lab>.json` (title, description,
//! keywords, the learning objectives its guide's steps cover, language, licence, the embed
//! address) and `dist/oembed/<lab>.json` (an oEmbed `rich` response: the iframe snippet).
//! Each SCORM package carries its lab's `metadata.json` too. Addresses are relative to the
//! site (`index.html?lab=…`), since the site may be hosted on any path; a host that knows its
//! address can rewrite them.

use std::path::Path;

use scaling_lab::link::registry::Lab;
use serde_json::json;

use crate::site::io;
use crate::{step, Result};

/// A lab's catalogue entry.
pub fn metadata(lab: Lab) -> serde_json::Value {
    let (guide, intro) = scaling_lab::labs::catalogue(lab);
    let objectives: Vec<&str> = (0..guide.step_count())
        .filter_map(|i| guide.step(i).map(|s| s.title))
        .collect();
    json!({
        "title": format!("Scaling Lab: {}", lab.title()),
        "description": intro,
        "keywords": ["scalability", "distributed systems", "system design", "simulation", lab.title()],
        "learning_objectives": objectives,
        "challenges": (0..guide.challenge_count()).filter_map(|i| guide.challenge(i).map(|c| c.title)).collect::<Vec<_>>(),
        "language": "en",
        "licence": "MIT",
        "embed_url": format!("index.html?lab={}&embed=1", lab.key()),
    })
}

/// A lab's oEmbed response.
pub fn oembed(lab: Lab) -> serde_json::Value {
    let src = format!("index.html?lab={}&embed=1", lab.key());
    json!({
        "version": "1.0",
        "type": "rich",
        "provider_name": "Scaling Lab",
        "title": format!("Scaling Lab: {}", lab.title()),
        "width": 1200,
        "height": 900,
        "html": format!(
            "<iframe src=\"{src}\" title=\"{} lab\" width=\"100%\" height=\"900\" loading=\"lazy\" style=\"border:0\"></iframe><script src=\"embed.js\" async></script>",
            lab.title()
        ),
    })
}

fn write(path: &Path, value: &serde_json::Value) -> Result<()> {
    let text = serde_json::to_string_pretty(value).map_err(|e| io("catalogue", e))?;
    std::fs::write(path, text).map_err(|e| io("catalogue", format!("{}: {e}", path.display())))
}

/// Writes every lab's metadata and oEmbed files into `dist/`.
pub fn write_all(dist: &Path) -> Result<()> {
    step("catalogue: metadata and oEmbed per lab");
    for dir in ["meta", "oembed"] {
        std::fs::create_dir_all(dist.join(dir)).map_err(|e| io("catalogue", e))?;
    }
    for lab in Lab::ALL {
        write(
            &dist.join("meta").join(format!("{}.json", lab.key())),
            &metadata(lab),
        )?;
        write(
            &dist.join("oembed").join(format!("{}.json", lab.key())),
            &oembed(lab),
        )?;
    }
    Ok(())
}
