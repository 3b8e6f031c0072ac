//! The views lab's controls: the traffic, where reads go, how the views are refreshed, and
//! the staleness monitor.

use crate::sim::Keyed;
use leptos::prelude::*;

use super::text;
use crate::sim::views::config::{MAX_ORDER_RATE, MAX_PERIOD_S, MAX_READ_RATE, MAX_STREAM_CAPACITY};
use crate::sim::views::view::ViewKind;
use crate::sim::views::{ReadFrom, Refresh, ViewsAction, ViewsConfig};
use crate::ui::controls::{Choice, RadioGroup, Settings};

/// Every setting the learner can change while the run goes on; each goes to the engine as
/// an action.
#[component]
pub fn ViewsControls(
    config: RwSignal<ViewsConfig>,
    #[prop(into)] act: Callback<ViewsAction>,
    /// The LinkedIn dataset: posts and app opens, one feed kept by the stream.
    linkedin: bool,
) -> impl IntoView {
    let s = Settings { config, act };
    let periodic = move || config.get().any_periodic();
    let own = move |kind: ViewKind, id: &'static str| {
        let i = kind.index();
        view! {
            <Choice
                id=id
                label=kind.name()
                options=vec![("same", "as for all"), ("full", "full"), ("incremental", "incremental"), ("stream", "stream")]
                value=Signal::derive(move || config.get().per_view[i].map_or("same", Refresh::key))
                on_change=move |k: String| act.run(ViewsAction::ViewRefresh(i as u8, Refresh::from_key(&k)))
            />
        }
    };
    let (orders, reads) = if linkedin {
        (("Posts", "posts/s"), ("App opens", "opens/s"))
    } else {
        (("Orders", "orders/s"), ("Dashboard reads", "reads/s"))
    };
    let (query_text, view_text) = if linkedin {
        (
            "Compute the feed on open: every post of every connection, ranked",
            "Read the precomputed feed: one row",
        )
    } else {
        (
            "Query at read time: join and group today's orders",
            "Read the view: one row per category",
        )
    };
    let capacity = view! {
        {s.slider(("stream_capacity", if linkedin { "Stream processor capacity (feed writes)" } else { "Stream processor capacity" }, if linkedin { "writes/s" } else { "changes/s" }), (100.0, f64::from(MAX_STREAM_CAPACITY), 100.0), |c| f64::from(c.stream_capacity), |v| ViewsAction::StreamCapacity(v as u32))}
    };
    let refresh = if linkedin {
        view! {
            <fieldset>
                <legend>"Fan-out"</legend>
                {capacity}
                <p class="policy-text">{text::FEED}</p>
            </fieldset>
        }
        .into_any()
    } else {
        view! {
        <fieldset>
            <legend>"Refresh"</legend>
            {s.radio(("refresh", "How the views are refreshed"), &["Full, every period", "Incremental, every period", "Stream of changes"], |c| c.refresh, ViewsAction::Refresh)}
            {s.slider(("refresh_every_s", "Refresh period (full, incremental)", "s"), (1.0, f64::from(MAX_PERIOD_S.min(600)), 1.0), |c| f64::from(c.refresh_every_s), |v| ViewsAction::RefreshEvery(v as u32))}
            <details class="per-view">
                <summary>"A strategy of its own for a view"</summary>
                {own(ViewKind::ByUser, "refresh_by_user")}
                {own(ViewKind::ByProduct, "refresh_by_product")}
                {own(ViewKind::Daily, "refresh_daily")}
            </details>
            {capacity}
            {s.switch("cache", "Record cache (stream)", |c| c.cache, ViewsAction::Cache)}
            <div class="buttons">
                <button type="button" id="refresh-now" disabled=move || !periodic() on:click=move |_| act.run(ViewsAction::RefreshNow)>
                    "Refresh now"
                </button>
            </div>
            <p class="policy-text">{text::STRATEGIES}</p>
            <p class="policy-text">{text::CACHE}</p>
        </fieldset>
        }
        .into_any()
    };
    view! {
        <fieldset>
            <legend>"Traffic"</legend>
            {s.slider(("order_rate", orders.0, orders.1), (0.0, f64::from(MAX_ORDER_RATE), 100.0), |c| f64::from(c.order_rate), |v| ViewsAction::OrderRate(v as u32))}
            {s.slider(("read_rate", reads.0, reads.1), (0.0, f64::from(MAX_READ_RATE), 10.0), |c| f64::from(c.read_rate), |v| ViewsAction::ReadRate(v as u32))}
            <RadioGroup name="read_from" label="Where dashboard reads go"
                options=vec![(ReadFrom::Query, "read-query".into(), query_text), (ReadFrom::View, "read-view".into(), view_text)]
                value=Signal::derive(move || config.get().read_from)
                on_change=move |r| act.run(ViewsAction::ReadFrom(r)) />
        </fieldset>
        {refresh}
        <fieldset>
            <legend>"Monitoring"</legend>
            {s.slider(("stale_alert_s", "Alert when a view is behind by more than", "s"), (1.0, f64::from(MAX_PERIOD_S.min(600)), 1.0), |c| f64::from(c.stale_alert_s), |v| ViewsAction::StaleAlert(v as u32))}
            <p class="policy-text">{text::COSTS}</p>
        </fieldset>
    }
}
