//! The learner's progress in `localStorage`, when the browser allows it. Private windows and
//! sandboxed iframes refuse storage (some by throwing): then progress lasts for the visit.

use crate::course::progress::Progress;

const KEY: &str = "scaling-lab-progress";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// The stored progress, or none: what the LMS kept, when one launched the page.
pub fn load() -> Progress {
    if let Some(kept) = super::scorm::kept() {
        return kept;
    }
    storage()
        .and_then(|s| s.get_item(KEY).ok().flatten())
        .map(|line| Progress::parse(&line))
        .unwrap_or_default()
}

/// Stores `progress`; best effort.
pub fn save(progress: &Progress) {
    if let Some(s) = storage() {
        let _ = s.set_item(KEY, &progress.to_line());
    }
}
