//! Talking to the course page around an embedded lab: its size, so the host's iframe fits it
//! (`embed.js` on the host, or a platform that reads Canvas's `lti.frameResize`), and the
//! learner's progress, for the host to record. The messages are `crate::course::messages`;
//! outside an iframe nothing is sent.

use std::cell::{Cell, RefCell};

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::course::messages::{self, Progress};
use crate::ui::page_url;

thread_local! {
    /// The origin messages go to: the link's `parent_origin`, or any.
    static TARGET: RefCell<String> = RefCell::new("*".to_owned());
    /// The height last posted, so an unchanged one is not posted again.
    static HEIGHT: Cell<u32> = const { Cell::new(0) };
}

/// The window this page is embedded in, if it is embedded.
fn host() -> Option<web_sys::Window> {
    let window = web_sys::window()?;
    let parent = window.parent().ok().flatten()?;
    (!js_sys::Object::is(&parent, &window)).then_some(parent)
}

/// Posts a message (JSON text) to the host as an object.
fn post(message: &str) {
    let Some(host) = host() else {
        return;
    };
    let Ok(value) = js_sys::JSON::parse(message) else {
        return;
    };
    TARGET.with(|t| {
        let _ = host.post_message(&value, &t.borrow());
    });
}

/// Posts the page's height when it differs from the last one posted.
fn post_height() {
    let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    else {
        return;
    };
    let height = u32::try_from(root.scroll_height()).unwrap_or(0);
    if height != HEIGHT.with(Cell::get) {
        HEIGHT.with(|h| h.set(height));
        for m in messages::resize(height) {
            post(&m);
        }
    }
}

/// Starts talking to the host when the page is embedded in one: addresses messages to
/// `parent_origin` (or any origin), posts the height now and whenever the page's size
/// changes, and that `lab` opened (at `step`, 1-based).
pub fn start(parent_origin: Option<&str>, lab: &str, step: Option<usize>) {
    if host().is_none() {
        return;
    }
    if let Some(origin) = parent_origin {
        TARGET.with(|t| *t.borrow_mut() = origin.to_owned());
    }
    progress(&Progress::Opened {
        lab: lab.to_owned(),
        step,
    });
    post_height();
    let Some(body) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.body())
    else {
        return;
    };
    let watch = Closure::<dyn FnMut()>::new(post_height);
    if let Ok(observer) = web_sys::ResizeObserver::new(watch.as_ref().unchecked_ref()) {
        observer.observe(&body);
        // Kept for the page's life: the observer calls it on every change of size.
        watch.forget();
        std::mem::forget(observer);
    }
}

/// Posts a progress event, if the page is embedded.
pub fn progress(event: &Progress) {
    if host().is_some() {
        let url = page_url::with_query(&page_url::latest_query()).unwrap_or_default();
        post(&messages::progress(event, &url));
    }
}
