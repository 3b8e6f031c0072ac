//! Time travel: the scrubber over the log, following the head or replaying from the cursor
//! at a chosen pace, and the last event folded into the state shown.

use leptos::prelude::*;

use super::rebuild::{describe, event_before, RebuildView};
use crate::page::run::RunCtl;
use crate::sim::event_sourcing::EventSourcing;
use crate::ui::controls::{SelfOffButton, Slider, Panel};

/// The scrubber and its buttons. `cursor` is `None` while following the head.
#[component]
pub fn TimeTravel(
    run: RunCtl<EventSourcing>,
    rebuilt: RwSignal<RebuildView>,
    cursor: RwSignal<Option<u64>>,
    replaying: RwSignal<bool>,
    pace: RwSignal<f64>,
    #[prop(into)] head: Signal<u64>,
    #[prop(into)] archived: Signal<u64>,
) -> impl IntoView {
    view! {
        <Panel id="tt" class="timetravel" title="Time travel">
            <label for="offset">"Offset: the state after this many events"</label>
            <input
                type="range"
                id="offset"
                min=move || archived.get()
                max=move || head.get()
                step=1
                prop:value=move || cursor.get().unwrap_or(head.get()).to_string()
                on:input=move |ev| {
                    if let Ok(v) = event_target_value(&ev).parse::<u64>() {
                        replaying.set(false);
                        cursor.set(Some(v));
                    }
                }
            />
            <div class="buttons">
                <SelfOffButton id="follow" off=Signal::derive(move || cursor.get().is_none()) on_press=move |()| { replaying.set(false); cursor.set(None); }>
                    "Follow the head"
                </SelfOffButton>
                <button type="button" id="replay" on:click=move |_| {
                    if cursor.get_untracked().is_none() {
                        cursor.set(Some(archived.get_untracked()));
                    }
                    replaying.update(|r| *r = !*r);
                }>
                    {move || if replaying.get() { "Stop replay" } else { "Replay from the cursor" }}
                </button>
            </div>
            <Slider
                id="pace"
                label="Replay pace"
                unit="events/s"
                min=1.0
                max=2000.0
                step=1.0
                value=pace
                on_input=move |v: f64| pace.set(v)
            />
            <p class="under-cursor">
                {move || {
                    let last = match cursor.get() {
                        None => {
                            let head = head.get();
                            run.with(|s| event_before(s, head)).flatten()
                        }
                        Some(_) => rebuilt.with(|r| r.under_cursor),
                    };
                    match last {
                        Some((o, stream, version, body)) => format!("Last event folded: #{o}, account {stream}, version {version}: {}", describe(&body)),
                        None => "No event folded yet: every account is as before the first event.".to_owned(),
                    }
                }}
            </p>
        </Panel>
    }
}
