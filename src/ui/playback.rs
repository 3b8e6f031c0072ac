//! The playback controls every lab shares: play/pause, step, reset, speed, seed, and a link
//! to the current moment.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::controls::{Choice, NumberField};
use crate::link::SPEEDS;

const SPEED_KEYS: [&str; 7] = ["0.25", "0.5", "1", "2", "4", "8", "16"];

/// Playback controls. `on_step` advances the paused run, `on_reset` restarts it (also after a
/// seed change), and `link` returns the address of the current moment.
#[component]
pub fn Playback(
    paused: RwSignal<bool>,
    speed: RwSignal<f64>,
    seed: RwSignal<u64>,
    #[prop(into)] on_step: Callback<()>,
    #[prop(into)] on_reset: Callback<()>,
    #[prop(into)] link: Callback<(), Option<String>>,
) -> impl IntoView {
    let share = RwSignal::new(None::<String>);
    let speed_options = SPEED_KEYS
        .iter()
        .zip(["0.25×", "0.5×", "1×", "2×", "4×", "8×", "16×"])
        .map(|(k, t)| (*k, t))
        .collect();
    view! {
        <fieldset>
            <legend>"Playback"</legend>
            <div class="buttons">
                <button type="button" id="play" on:click=move |_| paused.update(|p| *p = !*p) aria-pressed=move || (!paused.get()).to_string()>
                    {move || if paused.get() { "Play" } else { "Pause" }}
                </button>
                <button
                    type="button"
                    id="step"
                    title="Advance 0.1 simulated seconds"
                    on:click=move |_| {
                        paused.set(true);
                        on_step.run(());
                    }
                >
                    "Step 0.1 s"
                </button>
                <button type="button" id="reset" on:click=move |_| on_reset.run(())>
                    "Reset"
                </button>
            </div>
            <Choice
                id="speed"
                label="Speed"
                options=speed_options
                value=Signal::derive(move || {
                    let s = speed.get();
                    SPEED_KEYS[SPEEDS.iter().position(|v| *v == s).unwrap_or(2)]
                })
                on_change=move |k: String| {
                    if let Some(v) = k.parse::<f64>().ok().filter(|v| SPEEDS.contains(v)) {
                        speed.set(v);
                    }
                }
            />
            <NumberField
                id="seed"
                label="Seed (changing it restarts the run)"
                min=0
                max=u32::MAX
                value=Signal::derive(move || u32::try_from(seed.get()).unwrap_or(u32::MAX))
                on_change=move |v: u32| {
                    seed.set(u64::from(v));
                    on_reset.run(());
                }
            />
            <div class="buttons">
                <button
                    type="button"
                    id="share"
                    on:click=move |_| {
                        let url = link.run(());
                        if let Some(url) = &url {
                            copy_to_clipboard(url);
                        }
                        share.set(url);
                    }
                >
                    "Link to this moment"
                </button>
            </div>
            {move || {
                share
                    .get()
                    .map(|url| {
                        view! {
                            <label class="share">
                                "Copied (or copy it from here):"
                                <input type="text" readonly prop:value=url on:focus=|ev| select_all(&ev) />
                            </label>
                        }
                    })
            }}
        </fieldset>
    }
}

pub fn select_all(ev: &leptos::ev::FocusEvent) {
    if let Some(input) = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
    {
        input.select();
    }
}

/// Best effort: the clipboard API is missing on insecure origins and may be refused inside
/// iframes; the link is shown in a field either way.
pub fn copy_to_clipboard(text: &str) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let navigator = window.navigator();
    let has_clipboard =
        js_sys::Reflect::get(&navigator, &"clipboard".into()).is_ok_and(|c| !c.is_undefined());
    if has_clipboard {
        let _ = navigator.clipboard().write_text(text);
    }
}
