//! What a learner sees when the app hits a bug: a panic in WebAssembly stops the program, so
//! the hook writes a plain message into the page (with the address, which reproduces the run)
//! and the details to the console, instead of leaving a frozen canvas.

use wasm_bindgen::JsCast;

/// Installs the hook; call once, before mounting.
pub fn install() {
    std::panic::set_hook(Box::new(|info| {
        let details = info.to_string();
        web_sys::console::error_1(&details.as_str().into());
        report(&details);
    }));
}

/// The address of the run at the moment shown on its timeline, paused: pressing Play there
/// runs into the bug again. The address bar itself may lag a moment and starts at 0.
fn crash_link(document: &web_sys::Document) -> Option<String> {
    let t = document
        .query_selector("[data-control=timeline]")
        .ok()??
        .dyn_into::<web_sys::HtmlInputElement>()
        .ok()?
        .value();
    let query = super::page_url::latest_query();
    let mut pairs: Vec<(String, String)> = form_urlencoded::parse(query.as_bytes())
        .filter(|(k, _)| k != "t" && k != "paused")
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    pairs.push(("t".to_owned(), t));
    pairs.push(("paused".to_owned(), "1".to_owned()));
    let pairs: Vec<(&str, String)> = pairs.iter().map(|(k, v)| (k.as_str(), v.clone())).collect();
    super::page_url::with_query(&crate::link::build(&pairs))
}

/// Puts the message for a crash with these details at the top of the page.
pub fn report(details: &str) {
    let _ = show(details);
}

fn show(details: &str) -> Option<()> {
    let window = web_sys::window()?;
    let document = window.document()?;
    let href =
        crash_link(&document).unwrap_or_else(|| window.location().href().unwrap_or_default());
    let note = document.create_element("div").ok()?;
    note.set_attribute("tabindex", "-1").ok()?;
    note.set_class_name("notice crash");
    note.set_attribute("role", "alert").ok()?;
    let text = |tag: &str, s: &str| -> Option<web_sys::Element> {
        let el = document.create_element(tag).ok()?;
        el.set_text_content(Some(s));
        Some(el)
    };
    let intro = text(
        "p",
        "This run hit a bug in Scaling Lab and stopped. The link below reproduces it exactly: please report it with the details, then reload the page.",
    )?;
    note.append_child(&intro).ok()?;
    let link = text("a", &href)?;
    link.set_attribute("href", &href).ok()?;
    note.append_child(&link).ok()?;
    let pre = text("pre", details)?;
    note.append_child(&pre).ok()?;
    let body = document.body()?;
    body.insert_before(&note, body.first_child().as_ref())
        .ok()?;
    note.dyn_ref::<web_sys::HtmlElement>()?.focus().ok()
}
