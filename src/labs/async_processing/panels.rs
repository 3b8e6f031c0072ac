//! The async lab's controls: the checkout, the workers, and what goes wrong.

use leptos::prelude::*;

use super::text;
use crate::sim::async_processing::config::{
    MAX_API_THREADS, MAX_ATTEMPTS, MAX_ORDER_RATE, MAX_QUEUE_WORKERS,
};
use crate::sim::async_processing::{AsyncAction, AsyncConfig, InvoicePattern, Task};
use crate::ui::controls::{SelfOffButton, Settings};

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
    let s = Settings { config, act };
    let worker_slider = move |task: Task, id: &'static str, label: &'static str| {
        view! {
            {s.slider((id, label, "workers"), (0.0, f64::from(MAX_QUEUE_WORKERS), 1.0), move |c| f64::from(c.workers[task.index()]), move |v| AsyncAction::Workers(task, v as u32))}
        }
    };
    let switch = move |id, label, get, to| s.switch(id, label, get, to);
    view! {
        <fieldset>
            <legend>"Checkout"</legend>
            {s.radio(("mode", "How the order is answered"), &["Synchronous: the whole chain, then the answer (800 ms)", "Asynchronous: validate and charge, queue the rest (200 ms)"], |c| c.mode, AsyncAction::Mode)}
            {s.slider(("order_rate", "Orders", "orders/s"), (0.0, f64::from(MAX_ORDER_RATE), 10.0), |c| f64::from(c.order_rate), |v| AsyncAction::OrderRate(v as u32))}
            {s.slider(("api_threads", "API request threads", "threads"), (1.0, f64::from(MAX_API_THREADS), 1.0), |c| f64::from(c.api_threads), |v| AsyncAction::ApiThreads(v as u32))}
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
            {s.slider(("fail_pct", "Attempts that fail for a passing reason", "%"), (0.0, 100.0, 1.0), |c| f64::from(c.fail_pct), |v| AsyncAction::FailPct(v as u32))}
            {s.slider(("poison_pct", "Poison messages (always fail)", "%"), (0.0, 100.0, 1.0), |c| f64::from(c.poison_pct), |v| AsyncAction::PoisonPct(v as u32))}
            {s.slider(("max_attempts", "Attempts before the dead-letter queue", ""), (1.0, f64::from(MAX_ATTEMPTS), 1.0), |c| f64::from(c.max_attempts), |v| AsyncAction::MaxAttempts(v as u32))}
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
            {s.slider(("redelivery_pct", "Acknowledgements lost (the message comes again)", "%"), (0.0, 100.0, 1.0), |c| f64::from(c.redelivery_pct), |v| AsyncAction::RedeliveryPct(v as u32))}
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
