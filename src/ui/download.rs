//! Saving a file from the page: a CSV, a run file or a chart's picture.

use wasm_bindgen::JsCast;

/// Offers `text` as a download named `name`.
pub fn save_text(name: &str, mime: &str, text: &str) {
    let parts = js_sys::Array::of1(&text.into());
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) else {
        return;
    };
    if let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) {
        save_url(name, &url);
        let _ = web_sys::Url::revoke_object_url(&url);
    }
}

/// Offers the resource at `url` (a `blob:` or `data:` URL) as a download named `name`.
pub fn save_url(name: &str, url: &str) {
    let Some(a) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.create_element("a").ok())
        .and_then(|a| a.dyn_into::<web_sys::HtmlAnchorElement>().ok())
    else {
        return;
    };
    a.set_href(url);
    a.set_download(name);
    a.click();
}
