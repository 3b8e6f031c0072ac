//! The event-sourcing lab's controls: traffic, commands by hand, snapshots and schema, and
//! the read model's delay.

use crate::sim::Keyed;
use leptos::prelude::*;

use super::rebuild::outcome_text;
use super::text;
use crate::sim::event_sourcing::account::Command;
use crate::sim::event_sourcing::contention::{ContentionConfig, MAX_BACKOFF_MS, MAX_WRITERS};
use crate::sim::event_sourcing::store::MAX_STREAMS;
use crate::sim::event_sourcing::{
    EsAction, EsConfig, Outcome, MAX_COMMAND_RATE, MAX_PROJECTION_DELAY_MS, MAX_SNAPSHOT_EVERY,
};
use crate::sim::event_sourcing::contention::Backoff;
use crate::ui::controls::{keyed_choice, NumberField, SelfOffButton, Settings};

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
    let s = Settings { config, act };
    view! {
        <fieldset>
            <legend>"Traffic"</legend>
            {s.slider(("command_rate", "Commands", "per s"), (0.0, f64::from(MAX_COMMAND_RATE), 10.0), |c| f64::from(c.command_rate), |v| EsAction::CommandRate(v as u32))}
            {s.slider(("accounts", "Accounts", ""), (1.0, MAX_STREAMS as f64, 1.0), |c| f64::from(c.accounts), |v| EsAction::Accounts(v as u32))}
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
            {s.number(("snapshot_every", "Snapshot every N events (0 = off, else 100 or more)"), (0, MAX_SNAPSHOT_EVERY), |c| c.snapshot_every, EsAction::SnapshotEvery)}
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
            {s.switch("upcaster", "Upcast v1 events when reading", |c| c.upcaster, EsAction::Upcaster)}
            <p class="policy-text">{text::SCHEMA}</p>
        </fieldset>
        <fieldset>
            <legend>"Read model"</legend>
            {s.slider(("projection_delay_ms", "Delay", "ms"), (0.0, f64::from(MAX_PROJECTION_DELAY_MS), 100.0), |c| f64::from(c.projection_delay_ms), |v| EsAction::ProjectionDelay(v as u32))}
        </fieldset>
    }
}

/// Writers racing for one stream with backoff: a change starts the run again (the race is
/// set up at the start).
#[component]
pub fn RaceControls(
    config: RwSignal<EsConfig>,
    #[prop(into)] restart: Callback<EsConfig>,
) -> impl IntoView {
    let set = move |f: &dyn Fn(&mut ContentionConfig)| {
        let mut c = config.get_untracked();
        f(&mut c.contention);
        restart.run(c);
    };
    let race = move || config.get().contention;
    view! {
        <fieldset>
            <legend>"Writers racing for one stream"</legend>
            <NumberField id="writers" label="Writers (0: none)" min=0 max=MAX_WRITERS
                value=Signal::derive(move || race().writers)
                on_change=move |v: u32| set(&|c| c.writers = v) />
            {keyed_choice(("backoff", "Backoff after a conflict"), &Backoff::names(), Signal::derive(move || race().backoff), move |b| set(&|c| c.backoff = b))}
            <NumberField id="backoff_base_ms" label="Base (ms)" min=1 max=MAX_BACKOFF_MS
                value=Signal::derive(move || race().base_ms)
                on_change=move |v: u32| set(&|c| c.base_ms = v) />
            <NumberField id="backoff_cap_ms" label="Cap (ms)" min=1 max=MAX_BACKOFF_MS
                value=Signal::derive(move || race().cap_ms)
                on_change=move |v: u32| set(&|c| c.cap_ms = v) />
            <p class="policy-text">{text::RACE}</p>
        </fieldset>
    }
}
