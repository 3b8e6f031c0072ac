//! The streams lab's controls: the scene (a new run), then the active scene's settings.

use leptos::prelude::*;

use super::params::MODES;
use super::text;
use crate::sim::streams::config::{MAX_BATCH, MAX_RTT_MS};
use crate::sim::streams::{Mode, Scene, StreamsAction, StreamsConfig};
use crate::ui::controls::{keyed, NumberField, RadioGroup, Slider};

/// Every setting the learner can change; the scene and the receive buffer start a new run
/// (`restart`).
#[component]
pub fn StreamsControls(
    config: RwSignal<StreamsConfig>,
    #[prop(into)] act: Callback<StreamsAction>,
    #[prop(into)] restart: Callback<StreamsConfig>,
) -> impl IntoView {
    let cfg = move |f: fn(&StreamsConfig) -> f64| Signal::derive(move || f(&config.get()));
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
            <Slider id="producer_rate" label="Publisher can emit" unit="/s" min=0.0 max=20_000.0 step=100.0
                value=cfg(|c| f64::from(c.producer_rate))
                on_input=move |v: f64| act.run(StreamsAction::ProducerRate(v as u32)) />
            <Slider id="consumer_rate" label="Subscriber handles" unit="/s" min=100.0 max=20_000.0 step=100.0
                value=cfg(|c| f64::from(c.consumer_rate))
                on_input=move |v: f64| act.run(StreamsAction::ConsumerRate(v as u32)) />
            <RadioGroup name="mode" label="Flow"
                options=keyed("mode", &MODES, &["Push: no back-pressure", "Demand: request(n)", "Unbounded demand"])
                value=Signal::derive(move || config.get().mode)
                on_change=move |m| act.run(StreamsAction::Mode(m)) />
            <NumberField id="batch" label="n of request(n)" min=1 max=MAX_BATCH
                value=Signal::derive(move || config.get().batch)
                on_change=move |v: u32| act.run(StreamsAction::Batch(v)) />
            <div class="buttons">
                <button type="button" data-action="request-zero" disabled=move || config.get().mode != Mode::Demand
                    on:click=move |_| act.run(StreamsAction::RequestZero)>"Call request(0)"</button>
                <button type="button" data-action="resubscribe" on:click=move |_| act.run(StreamsAction::Resubscribe)>"Subscribe again"</button>
            </div>
            <p class="policy-text">{text::DEMAND}</p>
        </fieldset>
        <fieldset class:hidden=demand>
            <legend>"TCP connection"</legend>
            <Slider id="send_kbps" label="Sender can send" unit="kbit/s" min=1.0 max=100_000.0 step=1.0
                value=cfg(|c| f64::from(c.send_kbps))
                on_input=move |v: f64| act.run(StreamsAction::SendKbps(v as u32)) />
            <Slider id="read_kbps" label="Application reads" unit="kbit/s" min=1.0 max=100_000.0 step=1.0
                value=cfg(|c| f64::from(c.read_kbps))
                on_input=move |v: f64| act.run(StreamsAction::ReadKbps(v as u32)) />
            <Slider id="rtt_ms" label="Round trip" unit="ms" min=1.0 max=f64::from(MAX_RTT_MS) step=1.0
                value=cfg(|c| f64::from(c.rtt_ms))
                on_input=move |v: f64| act.run(StreamsAction::Rtt(v as u32)) />
            <NumberField id="rwnd_kb" label="Receive buffer (KB, starts a new run)" min=1 max=crate::sim::streams::config::MAX_RWND_KB
                value=Signal::derive(move || config.get().rwnd_kb)
                on_change=move |v: u32| restart.run(StreamsConfig { rwnd_kb: v, ..config.get_untracked() }) />
            <p class="policy-text">{text::TCP}</p>
        </fieldset>
    }
}
