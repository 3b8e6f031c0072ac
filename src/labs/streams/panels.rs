//! The streams lab's controls: the scene (a new run), then the active scene's settings.

use leptos::prelude::*;

use super::text;
use crate::sim::streams::config::{MAX_BATCH, MAX_RTT_MS};
use crate::sim::streams::{Mode, Scene, StreamsAction, StreamsConfig};
use crate::ui::controls::{NumberField, RadioGroup, Settings};

/// Every setting the learner can change; the scene and the receive buffer start a new run
/// (`restart`).
#[component]
pub fn StreamsControls(
    config: RwSignal<StreamsConfig>,
    #[prop(into)] act: Callback<StreamsAction>,
    #[prop(into)] restart: Callback<StreamsConfig>,
) -> impl IntoView {
    let s = Settings { config, act };
    let demand = move || config.get().scene == Scene::Demand;
    view! {
        <fieldset>
            <legend>"Scene"</legend>
            <RadioGroup name="scene" label="Scene" control="scene"
                options=vec![(Scene::Demand, "scene-demand".into(), "Publisher and subscriber"), (Scene::Tcp, "scene-tcp".into(), "A TCP connection")]
                value=Signal::derive(move || config.get().scene)
                on_change=move |s| restart.run(StreamsConfig { scene: s, ..config.get_untracked() }) />
            <p class="policy-text">{text::SCENES}</p>
        </fieldset>
        <fieldset class:hidden=move || !demand()>
            <legend>"Publisher and subscriber"</legend>
            {s.slider(("producer_rate", "Publisher can emit", "/s"), (0.0, 20_000.0, 100.0), |c| f64::from(c.producer_rate), |v| StreamsAction::ProducerRate(v as u32))}
            {s.slider(("consumer_rate", "Subscriber handles", "/s"), (100.0, 20_000.0, 100.0), |c| f64::from(c.consumer_rate), |v| StreamsAction::ConsumerRate(v as u32))}
            {s.radio(("mode", "Flow"), &["Push: no back-pressure", "Demand: request(n)", "Unbounded demand"], |c| c.mode, StreamsAction::Mode)}
            {s.number(("batch", "n of request(n)"), (1, MAX_BATCH), |c| c.batch, StreamsAction::Batch)}
            <div class="buttons">
                <button type="button" data-action="request-zero" disabled=move || config.get().mode != Mode::Demand
                    on:click=move |_| act.run(StreamsAction::RequestZero)>"Call request(0)"</button>
                <button type="button" data-action="resubscribe" on:click=move |_| act.run(StreamsAction::Resubscribe)>"Subscribe again"</button>
            </div>
            <p class="policy-text">{text::DEMAND}</p>
        </fieldset>
        <fieldset class:hidden=demand>
            <legend>"TCP connection"</legend>
            {s.slider(("send_kbps", "Sender can send", "kbit/s"), (1.0, 100_000.0, 1.0), |c| f64::from(c.send_kbps), |v| StreamsAction::SendKbps(v as u32))}
            {s.slider(("read_kbps", "Application reads", "kbit/s"), (1.0, 100_000.0, 1.0), |c| f64::from(c.read_kbps), |v| StreamsAction::ReadKbps(v as u32))}
            {s.slider(("rtt_ms", "Round trip", "ms"), (1.0, f64::from(MAX_RTT_MS), 1.0), |c| f64::from(c.rtt_ms), |v| StreamsAction::Rtt(v as u32))}
            <NumberField id="rwnd_kb" label="Receive buffer (KB, starts a new run)" min=1 max=crate::sim::streams::config::MAX_RWND_KB
                value=Signal::derive(move || config.get().rwnd_kb)
                on_change=move |v: u32| restart.run(StreamsConfig { rwnd_kb: v, ..config.get_untracked() }) />
            <p class="policy-text">{text::TCP}</p>
        </fieldset>
    }
}
