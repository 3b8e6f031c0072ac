//! A SCORM 1.2 package per page bundle, for learning management systems:
//! `dist/scorm/scaling-lab-<key>.zip` holds `imsmanifest.xml`, the page, its stylesheet and
//! loader, and that bundle's script and WebAssembly. The one SCO is the lab with its guide,
//! launched embedded at its guide's first step (`index.html?lab=<key>&embed=1&step=1`); the
//! page finds the LMS's API itself
//! (`src/shell/scorm.rs`).

use std::io::Write;
use std::path::{Path, PathBuf};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

use crate::site::{bundle_dir, io, BUNDLES};
use crate::{step, Result};

/// The files of `dir` (relative to `base`, with `/`), sorted.
fn files_in(base: &Path, dir: &Path) -> Result<Vec<String>> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(|e| io("read dist", e))? {
        let path = entry.map_err(|e| io("read dist", e))?.path();
        if path.is_file() {
            let rel = path
                .strip_prefix(base)
                .map_err(|e| io("read dist", e))?
                .to_string_lossy()
                .replace('\\', "/");
            out.push(rel);
        }
    }
    out.sort();
    Ok(out)
}

/// Text safe inside an XML attribute or element.
fn xml(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Where the SCO starts: the lab embedded, its guide open at the first step (an embedded
/// lab shows its guide only at a step); the tour embedded.
pub fn launch(key: &str) -> String {
    if key == "tour" {
        "index.html?lab=tour&embed=1".to_owned()
    } else {
        format!("index.html?lab={key}&embed=1&step=1")
    }
}

/// The manifest of the package for bundle `key` titled `title`, listing `files`.
pub fn manifest(key: &str, title: &str, files: &[String]) -> String {
    let listed: String = files
        .iter()
        .map(|f| format!("      <file href=\"{}\"/>\n", xml(f)))
        .collect();
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="scaling-lab-{key}" version="1"
  xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"
  xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
  xsi:schemaLocation="http://www.imsproject.org/xsd/imscp_rootv1p1p2 imscp_rootv1p1p2.xsd http://www.imsglobal.org/xsd/imsmd_rootv1p2p1 imsmd_rootv1p2p1.xsd http://www.adlnet.org/xsd/adlcp_rootv1p2 adlcp_rootv1p2.xsd">
  <metadata>
    <schema>ADL SCORM</schema>
    <schemaversion>1.2</schemaversion>
  </metadata>
  <organizations default="scaling-lab">
    <organization identifier="scaling-lab">
      <title>Scaling Lab: {title}</title>
      <item identifier="lab" identifierref="sco" isvisible="true">
        <title>{title}</title>
      </item>
    </organization>
  </organizations>
  <resources>
    <resource identifier="sco" type="webcontent" adlcp:scormtype="sco" href="{launch}">
{listed}    </resource>
  </resources>
</manifest>
"#,
        title = xml(title),
        launch = xml(&launch(key)),
    )
}

/// Writes every bundle's package into `dist/scorm/`.
pub fn packages(dist: &Path) -> Result<Vec<PathBuf>> {
    step("SCORM 1.2 packages, one per page bundle");
    let out_dir = dist.join("scorm");
    std::fs::create_dir_all(&out_dir).map_err(|e| io("create dist/scorm", e))?;
    // The page and what every bundle shares: the files at the top of dist/.
    let shared = files_in(dist, dist)?;
    let mut written = Vec::new();
    for b in BUNDLES {
        let mut files = shared.clone();
        files.extend(files_in(dist, &dist.join(bundle_dir(b.key)))?);
        let path = out_dir.join(format!("scaling-lab-{}.zip", b.key));
        let file = std::fs::File::create(&path).map_err(|e| io("create package", e))?;
        let mut zip = ZipWriter::new(file);
        let options = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
        let mut add = |name: &str, bytes: &[u8]| -> Result<()> {
            zip.start_file(name, options)
                .map_err(|e| io("write package", e))?;
            zip.write_all(bytes).map_err(|e| io("write package", e))
        };
        // A lab's package carries its catalogue entry (listed in the manifest with the rest).
        let meta = scaling_lab::link::registry::Lab::from_key(b.key)
            .map(|lab| crate::catalogue::metadata(lab).to_string());
        if meta.is_some() {
            files.push("metadata.json".to_owned());
        }
        add(
            "imsmanifest.xml",
            manifest(b.key, b.title, &files).as_bytes(),
        )?;
        if let Some(meta) = &meta {
            add("metadata.json", meta.as_bytes())?;
        }
        for f in files.iter().filter(|f| *f != "metadata.json") {
            let bytes = std::fs::read(dist.join(f)).map_err(|e| io("read dist", e))?;
            add(f, &bytes)?;
        }
        zip.finish().map_err(|e| io("write package", e))?;
        written.push(path);
    }
    eprintln!(
        "xtask: {} SCORM packages in {}",
        written.len(),
        out_dir.display()
    );
    Ok(written)
}
