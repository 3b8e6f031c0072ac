//! The account tables (state at the cursor, read model) and the audit trail.

use leptos::prelude::*;

use super::rebuild::describe;
use crate::page::run::RunCtl;
use crate::sim::event_sourcing::account::Account;
use crate::sim::event_sourcing::store::MAX_STREAMS;
use crate::sim::event_sourcing::EventSourcing;
use crate::sim::seconds;
use crate::ui::controls::{group, NumberField, Panel};

/// Accounts listed in the state tables.
const SHOWN_ACCOUNTS: usize = 12;
/// Audit trail row height, px, and rows drawn beyond the visible ones.
const ROW_PX: f64 = 26.0;
const AUDIT_HEIGHT_PX: f64 = 260.0;

#[component]
pub fn AccountTable(
    #[prop(into)] title: Signal<String>,
    #[prop(into)] accounts: Signal<Vec<Account>>,
    #[prop(into)] highlight: Signal<Option<u32>>,
    metric: &'static str,
) -> impl IntoView {
    view! {
        <section class="accounts">
            <h3>{move || title.get()}</h3>
            <table>
                <thead>
                    <tr>
                        <th scope="col">"Account"</th>
                        <th scope="col">"Balance"</th>
                        <th scope="col">"Version"</th>
                    </tr>
                </thead>
                <tbody>
                    {move || {
                        let hl = highlight.get();
                        accounts
                            .get()
                            .iter()
                            .enumerate()
                            .filter(|(_, a)| a.open)
                            .take(SHOWN_ACCOUNTS)
                            .map(|(i, a)| {
                                view! {
                                    <tr class:touched=hl == Some(i as u32)>
                                        <td>{i}</td>
                                        <td>{group(a.balance as f64)}</td>
                                        <td>{a.version}</td>
                                    </tr>
                                }
                            })
                            .collect_view()
                    }}
                </tbody>
            </table>
            <p class="hint">
                "All open accounts together: "
                <span data-metric=metric>{move || accounts.with(|a| a.iter().map(|a| a.balance).sum::<u64>())}</span>
                {move || {
                    let open = accounts.with(|a| a.iter().filter(|a| a.open).count());
                    if open > SHOWN_ACCOUNTS { format!(" ({open} accounts; the first {SHOWN_ACCOUNTS} are listed)") } else { String::new() }
                }}
            </p>
        </section>
    }
}

/// One account's history, newest first. Only the rows in view are in the page, so a
/// million events scroll as smoothly as ten.
#[component]
pub fn AuditTrail(
    run: RunCtl<EventSourcing>,
    account: RwSignal<u32>,
    len: RwSignal<usize>,
    index: StoredValue<(u32, u64, Vec<u64>), LocalStorage>,
    scroll_top: RwSignal<f64>,
) -> impl IntoView {
    let rows = move || {
        let n = len.get();
        let first = (scroll_top.get() / ROW_PX).floor() as usize;
        let visible = (AUDIT_HEIGHT_PX / ROW_PX).ceil() as usize + 2;
        (first..(first + visible).min(n))
            .filter_map(|i| {
                // Row i is the i-th newest event of the account.
                let offset = index.with_value(|(_, _, offsets)| offsets.len().checked_sub(i + 1).and_then(|j| offsets.get(j).copied()))?;
                let event = run.with(|s| s.store().get(offset)).flatten()?;
                Some(view! {
                    <div class="audit-row" role="listitem" style=format!("top:{}px", i as f64 * ROW_PX)>
                        <span>{format!("#{offset}")}</span>
                        <span>{format!("v{}", event.version)}</span>
                        <span>{describe(&event.body)}</span>
                        <span>{format!("{:.3} s", seconds(event.at))}</span>
                    </div>
                })
            })
            .collect_view()
    };
    view! {
        <Panel id="audit" class="audit" title="Audit trail">
            <NumberField
                id="audit_account"
                label="Account"
                min=0
                max=MAX_STREAMS as u32 - 1
                value=account
                on_change=move |v: u32| {
                    account.set(v);
                    scroll_top.set(0.0);
                }
            />
            <p class="hint">
                <span data-metric="audit_events">{move || len.get()}</span>
                " events in this account's stream, newest first"
            </p>
            <div
                class="audit-scroll"
                tabindex="0"
                role="list"
                aria-label="Events of the account, newest first"
                style=format!("height:{AUDIT_HEIGHT_PX}px")
                on:scroll=move |ev| {
                    use wasm_bindgen::JsCast;
                    if let Some(el) = ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) {
                        scroll_top.set(f64::from(el.scroll_top()));
                    }
                }
            >
                <div class="audit-space" style=move || format!("height:{}px", len.get() as f64 * ROW_PX)>
                    {rows}
                </div>
            </div>
        </Panel>
    }
}

/// Indexes the audit trail's `account` as the log grows (restarting when the account changes
/// or the log is shorter than what was scanned); returns how many of its events there are.
pub fn index_audit(
    run: RunCtl<EventSourcing>,
    account: u32,
    index: StoredValue<(u32, u64, Vec<u64>), LocalStorage>,
) -> usize {
    run.with(|s| {
        index.try_update_value(|(who, scanned, offsets)| {
            let store = s.store();
            if *who != account || *scanned > store.head() {
                *who = account;
                *scanned = store.archived_before();
                offsets.clear();
            }
            let archived = store.archived_before();
            offsets.retain(|o| *o >= archived);
            offsets.extend(
                store
                    .range((*scanned).max(archived), store.head())
                    .filter(|(_, e)| e.stream == account)
                    .map(|(o, _)| o),
            );
            *scanned = store.head();
            offsets.len()
        })
    })
    .flatten()
    .unwrap_or(0)
}
