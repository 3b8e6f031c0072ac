//! The event-sourcing lab's controls: traffic, commands by hand, snapshots and schema, and
//! the read model's delay.

use leptos::prelude::*;

use super::rebuild::outcome_text;
use super::text;
use crate::sim::event_sourcing::account::Command;
use crate::sim::event_sourcing::store::MAX_STREAMS;
use crate::sim::event_sourcing::{
    EsAction, EsConfig, Outcome, MAX_COMMAND_RATE, MAX_PROJECTION_DELAY_MS, MAX_SNAPSHOT_EVERY,
};
use crate::ui::controls::{NumberField, SelfOffButton, Slider};

/// Every setting of the model; each change goes to the engine as an action.
#[component]
pub fn EsControls(
    config: RwSignal<EsConfig>,
    #[prop(into)] act: Callback<EsAction>,
    hand_account: RwSignal<u32>,
    hand_amount: RwSignal<u32>,
    #[prop(into)] v2_at: Signal<Option<f64>>,
    #[prop(into)] outcomes: Signal<[Option<Outcome>; 2]>,
) -> impl IntoView {
    view! {
        <fieldset>
            <legend>"Traffic"</legend>
            <Slider
                id="command_rate"
                label="Commands"
                unit="per s"
                min=0.0
                max=f64::from(MAX_COMMAND_RATE)
                step=10.0
                value=Signal::derive(move || f64::from(config.get().command_rate))
                on_input=move |v: f64| act.run(EsAction::CommandRate(v as u32))
            />
            <Slider
                id="accounts"
                label="Accounts"
                unit=""
                min=1.0
                max=MAX_STREAMS as f64
                step=1.0
                value=Signal::derive(move || f64::from(config.get().accounts))
                on_input=move |v: f64| act.run(EsAction::Accounts(v as u32))
            />
        </fieldset>
        <fieldset>
            <legend>"By hand"</legend>
            <NumberField
                id="hand_account"
                label="Account"
                min=0
                max=MAX_STREAMS as u32 - 1
                value=hand_account
                on_change=move |v: u32| hand_account.set(v)
            />
            <NumberField
                id="hand_amount"
                label="Amount"
                min=1
                max=1_000_000
                value=hand_amount
                on_change=move |v: u32| hand_amount.set(v)
            />
            <div class="buttons">
                <button type="button" id="open" on:click=move |_| act.run(EsAction::Manual { account: hand_account.get_untracked(), command: Command::Open })>
                    "Open"
                </button>
                <button type="button" id="deposit" on:click=move |_| act.run(EsAction::Manual { account: hand_account.get_untracked(), command: Command::Deposit(hand_amount.get_untracked()) })>
                    "Deposit"
                </button>
                <button type="button" id="withdraw" on:click=move |_| act.run(EsAction::Manual { account: hand_account.get_untracked(), command: Command::Withdraw(hand_amount.get_untracked()) })>
                    "Withdraw"
                </button>
            </div>
            <button type="button" id="concurrent" on:click=move |_| act.run(EsAction::ConcurrentWithdrawals { account: hand_account.get_untracked(), amount: hand_amount.get_untracked() })>
                "Concurrent withdrawals"
            </button>
            <p class="policy-text">{text::CONCURRENCY}</p>
            <ul class="outcomes" aria-live="polite">
                {move || {
                    outcomes
                        .get()
                        .iter()
                        .enumerate()
                        .filter_map(|(i, o)| o.map(|o| view! { <li>{format!("Client {}: {}", i + 1, outcome_text(&o))}</li> }))
                        .collect_view()
                }}
            </ul>
        </fieldset>
        <fieldset>
            <legend>"Snapshots and schema"</legend>
            <NumberField
                id="snapshot_every"
                label="Snapshot every N events (0 = off, else 100 or more)"
                min=0
                max=MAX_SNAPSHOT_EVERY
                value=Signal::derive(move || config.get().snapshot_every)
                on_change=move |v: u32| act.run(EsAction::SnapshotEvery(v))
            />
            <div class="buttons">
                <SelfOffButton
                    id="deploy_v2"
                    off=Signal::derive(move || v2_at.get().is_some())
                    on_press=move |()| act.run(EsAction::DeployV2)
                >
                    {move || match v2_at.get() {
                        Some(t) => format!("v2 deployed at {t:.1} s"),
                        None => "Deploy deposits v2 now".to_owned(),
                    }}
                </SelfOffButton>
            </div>
            <label class="radio">
                <input
                    type="checkbox"
                    id="upcaster"
                    prop:checked=move || config.get().upcaster
                    on:change=move |ev| act.run(EsAction::Upcaster(event_target_checked(&ev)))
                />
                "Upcast v1 events when reading"
            </label>
            <p class="policy-text">{text::SCHEMA}</p>
        </fieldset>
        <fieldset>
            <legend>"Read model"</legend>
            <Slider
                id="projection_delay_ms"
                label="Delay"
                unit="ms"
                min=0.0
                max=f64::from(MAX_PROJECTION_DELAY_MS)
                step=100.0
                value=Signal::derive(move || f64::from(config.get().projection_delay_ms))
                on_input=move |v: f64| act.run(EsAction::ProjectionDelay(v as u32))
            />
        </fieldset>
    }
}
