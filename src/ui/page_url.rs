//! Reading and writing the page's query string without a router (so it works on any
//! sub-path, from `file:` links and inside iframes).

use std::cell::{Cell, RefCell};

/// Browsers throttle (and complain about) frequent history updates: write at most this often.
const MIN_INTERVAL_MS: f64 = 300.0;

thread_local! {
    static LAST_WRITE: Cell<f64> = const { Cell::new(f64::MIN) };
    static PENDING: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// The current query string, `?` included, or empty.
pub fn query() -> String {
    web_sys::window()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default()
}

/// The query string as last written, without `?`: a write still waiting to be flushed wins
/// over the address bar, so readers never see a change that is a moment old.
pub fn latest_query() -> String {
    PENDING
        .with(|p| p.borrow().clone())
        .unwrap_or_else(|| query().trim_start_matches('?').to_owned())
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

fn now() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

/// Replaces the query string in the address bar, without a reload or a history entry.
/// Calls closer together than [`MIN_INTERVAL_MS`] are coalesced: the last one wins, a moment
/// later. Some embedding contexts refuse `replaceState` (sandboxed iframes): then the
/// address simply stays as it was.
pub fn replace(query: &str) {
    let waited = now() - LAST_WRITE.with(Cell::get);
    if waited >= MIN_INTERVAL_MS {
        write(query);
        return;
    }
    let already_scheduled = PENDING.with(|p| p.replace(Some(query.to_owned())).is_some());
    if already_scheduled {
        return;
    }
    let delay = (MIN_INTERVAL_MS - waited).ceil().max(0.0) as u32;
    gloo_timers::callback::Timeout::new(delay, || {
        if let Some(query) = PENDING.with(|p| p.borrow_mut().take()) {
            write(&query);
        }
    })
    .forget();
}

fn write(query: &str) {
    LAST_WRITE.with(|t| t.set(now()));
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
