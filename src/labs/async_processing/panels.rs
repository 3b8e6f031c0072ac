//! The async lab's controls: the checkout, the workers, and what goes wrong.

use leptos::prelude::*;

use super::text;
use crate::sim::async_processing::config::{
    MAX_API_THREADS, MAX_ATTEMPTS, MAX_ORDER_RATE, MAX_QUEUE_WORKERS,
};
use crate::sim::async_processing::{AsyncAction, AsyncConfig, InvoicePattern, Mode, Task};
use crate::ui::controls::{SelfOffButton, Slider};

/// Every setting the learner can change while the run goes on; each goes to the engine as an
/// action.
#[component]
pub fn AsyncControls(
    config: RwSignal<AsyncConfig>,
    #[prop(into)] act: Callback<AsyncAction>,
    /// Messages in the dead-letter queue, for the re-drive button.
    #[prop(into)]
    dlq_len: Signal<usize>,
) -> impl IntoView {
    let cfg = move |f: fn(&AsyncConfig) -> f64| Signal::derive(move || f(&config.get()));
    let worker_slider = move |task: Task, id: &'static str, label: &'static str| {
        view! {
            <Slider
                id=id
                label=label
                unit="workers"
                min=0.0
                max=f64::from(MAX_QUEUE_WORKERS)
                step=1.0
                value=Signal::derive(move || f64::from(config.get().workers[task.index()]))
                on_input=move |v: f64| act.run(AsyncAction::Workers(task, v as u32))
            />
        }
    };
    let mode_radio = move |mode: Mode, id: &'static str, label: &'static str| {
        view! {
            <label class="radio">
                <input
                    type="radio"
                    name="mode"
                    id=id
                    prop:checked=move || config.get().mode == mode
                    on:change=move |_| act.run(AsyncAction::Mode(mode))
                />
                {label}
            </label>
        }
    };
    let switch = move |id: &'static str,
                       label: &'static str,
                       get: fn(&AsyncConfig) -> bool,
                       set: fn(bool) -> AsyncAction| {
        view! {
            <label class="radio" for=id>
                <input
                    type="checkbox"
                    id=id
                    prop:checked=move || get(&config.get())
                    on:change=move |ev| act.run(set(event_target_checked(&ev)))
                />
                {label}
            </label>
        }
    };
    view! {
        <fieldset>
            <legend>"Checkout"</legend>
            <div class="policies" role="radiogroup" aria-label="How the order is answered">
                {mode_radio(Mode::Sync, "mode-sync", "Synchronous: the whole chain, then the answer (800 ms)")}
                {mode_radio(Mode::Async, "mode-async", "Asynchronous: validate and charge, queue the rest (200 ms)")}
            </div>
            <Slider
                id="order_rate"
                label="Orders"
                unit="orders/s"
                min=0.0
                max=f64::from(MAX_ORDER_RATE)
                step=10.0
                value=cfg(|c| f64::from(c.order_rate))
                on_input=move |v: f64| act.run(AsyncAction::OrderRate(v as u32))
            />
            <Slider
                id="api_threads"
                label="API request threads"
                unit="threads"
                min=1.0
                max=f64::from(MAX_API_THREADS)
                step=1.0
                value=cfg(|c| f64::from(c.api_threads))
                on_input=move |v: f64| act.run(AsyncAction::ApiThreads(v as u32))
            />
        </fieldset>
        <fieldset>
            <legend>"Workers per queue"</legend>
            {worker_slider(Task::Email, "email_workers", "email-tasks")}
            {worker_slider(Task::Inventory, "inventory_workers", "inventory-updates")}
            {worker_slider(Task::Invoice, "invoice_workers", "invoice-generation")}
            {switch("autoscale", "Autoscaler", |c| c.autoscale, AsyncAction::Autoscale)}
            <p class="policy-text">{text::AUTOSCALE}</p>
        </fieldset>
        <fieldset>
            <legend>"Failures"</legend>
            <Slider
                id="fail_pct"
                label="Attempts that fail for a passing reason"
                unit="%"
                min=0.0
                max=100.0
                step=1.0
                value=cfg(|c| f64::from(c.fail_pct))
                on_input=move |v: f64| act.run(AsyncAction::FailPct(v as u32))
            />
            <Slider
                id="poison_pct"
                label="Poison messages (always fail)"
                unit="%"
                min=0.0
                max=100.0
                step=1.0
                value=cfg(|c| f64::from(c.poison_pct))
                on_input=move |v: f64| act.run(AsyncAction::PoisonPct(v as u32))
            />
            <Slider
                id="max_attempts"
                label="Attempts before the dead-letter queue"
                unit=""
                min=1.0
                max=f64::from(MAX_ATTEMPTS)
                step=1.0
                value=cfg(|c| f64::from(c.max_attempts))
                on_input=move |v: f64| act.run(AsyncAction::MaxAttempts(v as u32))
            />
            {switch("dlq", "Dead-letter queue", |c| c.dlq, AsyncAction::Dlq)}
            <p class="policy-text">{text::DLQ}</p>
            <div class="buttons">
                <SelfOffButton
                    id="redrive"
                    off=Signal::derive(move || dlq_len.get() == 0)
                    on_press=move |()| act.run(AsyncAction::Redrive)
                >
                    {move || format!("Re-drive the dead-letter queue ({})", dlq_len.get())}
                </SelfOffButton>
            </div>
        </fieldset>
        <fieldset>
            <legend>"Delivery"</legend>
            <Slider
                id="redelivery_pct"
                label="Acknowledgements lost (the message comes again)"
                unit="%"
                min=0.0
                max=100.0
                step=1.0
                value=cfg(|c| f64::from(c.redelivery_pct))
                on_input=move |v: f64| act.run(AsyncAction::RedeliveryPct(v as u32))
            />
            {switch("idempotent", "Idempotent consumer", |c| c.idempotent, AsyncAction::Idempotent)}
            {switch(
                "request_reply",
                "Invoice by request-reply (a correlation ID, a reply queue the client polls)",
                |c| c.invoice_pattern == InvoicePattern::RequestReply,
                |on| AsyncAction::Invoice(if on { InvoicePattern::RequestReply } else { InvoicePattern::FireAndForget }),
            )}
            <p class="policy-text">{text::IDEMPOTENT}</p>
        </fieldset>
    }
}
