//! The run bar under every lab's controls: the timeline (drag to any moment already run),
//! the engine's state hash, export and import (file picker or drop). Its markup is fixed, so
//! it is written once and its figures are set in place: cheaper in the download than a
//! reactive view of the same.

use leptos::prelude::*;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

use super::run::RunView;
use crate::link::run_file::MAX_FILE_BYTES;
use crate::ui::metric::plain;

/// Reads the first file of a file input or a drop, then hands its text on.
fn read_file(file: Option<web_sys::File>, view: RunView, then: Callback<String>) {
    let Some(file) = file else {
        return;
    };
    if file.size() > MAX_FILE_BYTES as f64 {
        view.status.set(format!(
            "Not opened: the file is {} KB; a run file is at most {} KB. Your run is unchanged.",
            (file.size() / 1024.0).round(),
            MAX_FILE_BYTES / 1024
        ));
        return;
    }
    let Ok(reader) = web_sys::FileReader::new() else {
        return;
    };
    let done = reader.clone();
    let onload =
        Closure::once_into_js(
            move || match done.result().ok().and_then(|r| r.as_string()) {
                Some(text) => then.run(text),
                None => view.status.set(
                    "Not opened: the file could not be read as text. Your run is unchanged."
                        .to_owned(),
                ),
            },
        );
    reader.set_onloadend(Some(onload.unchecked_ref()));
    let _ = reader.read_as_text(&file);
}

fn find(root: &web_sys::Element, selector: &str) -> Option<web_sys::Element> {
    root.query_selector(selector).ok().flatten()
}

/// The run bar. `on_seek` follows a drag of the timeline (the run is paused first);
/// `on_action` gets `"csv"`, `"json"` or `"clear-ghost"`; `on_import` gets a file's text.
#[component]
pub fn RunBar(
    view: RunView,
    paused: RwSignal<bool>,
    #[prop(into)] on_seek: Callback<f64>,
    #[prop(into)] on_action: Callback<&'static str>,
    #[prop(into)] on_import: Callback<String>,
) -> impl IntoView {
    let root = NodeRef::<leptos::html::Fieldset>::new();
    Effect::new(move |_| {
        if let Some(root) = root.get() {
            show(&root, view);
        }
    });
    view! {
        <fieldset
            class="runbar"
            node_ref=root
            on:input=move |ev| {
                let range = target(&ev).and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok());
                if let Some(t) = range.filter(|r| r.type_() == "range").and_then(|r| r.value().parse::<f64>().ok()) {
                    paused.set(true);
                    on_seek.run(t);
                }
            }
            on:keydown=move |ev: leptos::ev::KeyboardEvent| arrow_seek(&ev, paused, on_seek)
            on:click=move |ev| {
                match target(&ev).and_then(|e| e.get_attribute("data-action")).as_deref() {
                    Some("export-csv") => on_action.run("csv"),
                    Some("export-json") => on_action.run("json"),
                    Some("clear-ghost") => {
                        on_action.run("clear-ghost");
                        // The button hides itself: the keyboard's focus goes to the timeline,
                        // not to the top of the page.
                        if let Some(t) = root.get_untracked().and_then(|r| find(&r, "#timeline")).and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok()) {
                            let _ = t.focus();
                        }
                    }
                    _ => {}
                }
            }
            on:change=move |ev| {
                if let Some(input) = target(&ev).and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok()).filter(|i| i.type_() == "file") {
                    read_file(input.files().and_then(|f| f.get(0)), view, on_import);
                    // The same file may be chosen again after a fix.
                    input.set_value("");
                }
            }
            on:dragover=|ev: leptos::ev::DragEvent| ev.prevent_default()
            on:drop=move |ev: leptos::ev::DragEvent| {
                ev.prevent_default();
                read_file(ev.data_transfer().and_then(|d| d.files()).and_then(|f| f.get(0)), view, on_import);
            }
        >
            // Fixed markup: the figures are set in place each frame (`update` above).
            <legend>"Timeline"</legend>
            <label for="timeline">"Moment shown: "<span class="moment" id="moment" aria-hidden="true"></span></label>
            <input id="timeline" aria-describedby="moment" type="range" data-control="timeline" step="0.001" min="0" max="0" value="0" />
            <p class="progress" role="status" hidden><span></span><progress max="1"></progress></p>
            <p class="hash">"State hash "<code data-metric="state_hash" title="The same run gives the same hash on every machine"></code></p>
            <div class="buttons">
                <button type="button" data-action="export-csv">"Export CSV"</button>
                <button type="button" data-action="export-json">"Save run file"</button>
                <button type="button" data-action="clear-ghost" hidden>"Clear the earlier run"</button>
                <label class="file-button">"Open run file"<input type="file" data-action="import" accept=".json,application/json" /></label>
            </div>
            <p class="hint drop-hint">"Or drop a run file here."</p>
            <p class="run-status" role="status"></p>
        </fieldset>
    }
}

/// The element an event happened on.
fn target(ev: &web_sys::Event) -> Option<web_sys::Element> {
    ev.target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
}

/// Sets the bar's figures in place from `view` (the markup stays fixed).
fn show(root: &web_sys::Element, view: RunView) {
    let (now, (start, end), hash) = (view.now_s.get(), view.span_s.get(), view.hash.get());
    let (status, progress, ghost) = (view.status.get(), view.progress.get(), view.ghost.get());
    // Only what changed: a live region rewritten with the same words is read again.
    let set_text = |selector: &str, text: &str| {
        if let Some(e) = find(root, selector).filter(|e| e.text_content().as_deref() != Some(text))
        {
            e.set_text_content(Some(text));
        }
    };
    // Plain text, not an `<output>`: that is a live region, and a playing run would read
    // a screen reader a new moment ten times a second. It describes the slider instead,
    // read when the slider is reached, and stays out of its name.
    set_text(
        ".moment",
        &format!("{} s of {} s run", plain(now, 1), plain(end, 1)),
    );
    set_text(
        "code",
        &hash.map_or_else(
            || {
                if progress.is_some() {
                    "(shown once computed)"
                } else {
                    "(shown when paused)"
                }
                .to_owned()
            },
            |h| format!("{h:016x}"),
        ),
    );
    set_text(".run-status", &status);
    // In steps of ten, so a screen reader is not read a new figure every frame.
    set_text(
        ".progress span",
        &format!(
            "Computing the run: {} % ",
            (progress.unwrap_or(1.0) * 10.0) as u32 * 10
        ),
    );
    if let Some(p) = find(root, ".progress") {
        let _ = p.toggle_attribute_with_force("hidden", progress.is_none());
    }
    if let Some(b) = find(root, "[data-action=clear-ghost]") {
        let _ = b.toggle_attribute_with_force("hidden", !ghost);
    }
    if let Some(p) = find(root, "progress") {
        let _ = p.set_attribute("value", &progress.unwrap_or(1.0).to_string());
    }
    if let Some(range) =
        find(root, "input[type=range]").and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok())
    {
        range.set_min(&start.to_string());
        range.set_max(&end.to_string());
        range.set_value(&now.to_string());
        let _ = range.set_attribute(
            "aria-valuetext",
            &format!("{} of {} simulated seconds", plain(now, 1), plain(end, 1)),
        );
    }
}

/// The timeline's arrow keys.
fn arrow_seek(ev: &leptos::ev::KeyboardEvent, paused: RwSignal<bool>, on_seek: Callback<f64>) {
    // The range steps by a millisecond, a step no one can see: the arrow keys move
    // a simulated second (ten with Shift) instead; Page Up / Down and Home / End
    // keep the browser's tenths and ends.
    let dir = match ev.key().as_str() {
        "ArrowLeft" | "ArrowDown" => -1.0,
        "ArrowRight" | "ArrowUp" => 1.0,
        _ => return,
    };
    let Some(range) = target(ev)
        .and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok())
        .filter(|r| r.type_() == "range")
    else {
        return;
    };
    let read = |s: String| s.parse::<f64>().ok();
    if let (Some(now), Some(min), Some(max)) =
        (read(range.value()), read(range.min()), read(range.max()))
    {
        ev.prevent_default();
        let t = (now + dir * if ev.shift_key() { 10.0 } else { 1.0 }).clamp(min, max.max(min));
        range.set_value(&t.to_string());
        paused.set(true);
        on_seek.run(t);
    }
}
