//! Reading and writing the page's query string without a router (so it works on any
//! sub-path, from `file:` links and inside iframes).

/// The current query string, `?` included, or empty.
pub fn query() -> String {
    web_sys::window()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default()
}

/// The page's address with `query` in place of the current query string.
pub fn with_query(query: &str) -> Option<String> {
    let location = web_sys::window()?.location();
    let base = format!("{}{}", location.origin().ok()?, location.pathname().ok()?);
    Some(if query.is_empty() {
        base
    } else {
        format!("{base}?{query}")
    })
}

/// Replaces the query string in the address bar, without a reload or a history entry.
/// Some embedding contexts refuse `replaceState` (sandboxed iframes, `file:`): then the
/// address simply stays as it was.
pub fn replace(query: &str) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let Ok(history) = window.history() else {
        return;
    };
    let url = if query.is_empty() {
        "?".to_owned()
    } else {
        format!("?{query}")
    };
    let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
}
