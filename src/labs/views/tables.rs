//! The views lab's tables: today's dashboard as the query gives it and as the view holds it,
//! or, for LinkedIn, a member's feed; with the check of the views against their queries.

use crate::ui::controls::Panel;
use leptos::prelude::*;

use crate::sim::views::view::Agg;

/// Categories listed in the dashboard table.
const CATEGORIES_SHOWN: usize = 8;
/// LinkedIn: the member whose feed is listed.
pub const MEMBER_SHOWN: u32 = 0;

/// The dashboard (or the feed) and the check.
#[component]
pub fn ViewsTables(
    /// The LinkedIn dataset.
    linkedin: bool,
    /// Today's sales by category: by the query, by the view.
    dashboard: RwSignal<(Vec<Agg>, Vec<Agg>)>,
    /// LinkedIn: the member's feed as (post, author, relevance).
    member_feed: RwSignal<Vec<(u32, u32, u32)>>,
    /// Whether the views equalled their queries when last checked, and when that was.
    matches: RwSignal<bool>,
    checked_at: RwSignal<f64>,
    /// Checks again.
    #[prop(into)]
    on_check: Callback<()>,
) -> impl IntoView {
    if linkedin {
        view! {
            <Panel id="feed" class="accounts" title=format!("Member {}'s feed, as the view holds it", MEMBER_SHOWN + 1)>
                <p class="hint">
                    {move || format!(
                        "Checked at {:.1} s: the feeds of {} members {} the ranking computed from the posts table. ",
                        checked_at.get(),
                        crate::sim::views::FEED_SAMPLE,
                        if matches.get() { "equal" } else { "DIFFER FROM" }
                    )}
                    <button type="button" data-action="check-views" on:click=move |_| on_check.run(())>"Check the feeds against the query"</button>
                </p>
                // Focusable, so a keyboard can scroll it where it is wider than a phone.
                <div class="table-scroll" tabindex="0" role="region" aria-label="The feed, as a table"><table>
                    <thead><tr><th scope="col">"Rank"</th><th scope="col">"Post"</th><th scope="col">"Author"</th><th scope="col">"Relevance"</th></tr></thead>
                    <tbody>
                        {move || member_feed.get().into_iter().enumerate().map(|(i, (post, author, relevance))| view! {
                            <tr><td>{i + 1}</td><td>{format!("#{post}")}</td><td>{format!("member {}", author + 1)}</td><td>{relevance}</td></tr>
                        }).collect_view()}
                    </tbody>
                </table></div>
            </Panel>
        }
        .into_any()
    } else {
        view! {
                <Panel id="dashboard" class="accounts" title="Today's sales by category: the query now, and the view">
                    <p class="hint">
                        {move || format!(
                            "Checked at {:.1} s: every view {} its query at its watermark. ",
                            checked_at.get(),
                            if matches.get() { "equals" } else { "DIFFERS FROM" }
                        )}
                        <button type="button" data-action="check-views" on:click=move |_| on_check.run(())>"Check the views against their queries"</button>
                    </p>
                    <div class="table-scroll" tabindex="0" role="region" aria-label="Sales by category, as a table"><table>
                        <thead><tr><th scope="col">"Category"</th><th scope="col">"Orders (query)"</th><th scope="col">"Orders (view)"</th><th scope="col">"Sales (query)"</th><th scope="col">"Sales (view)"</th></tr></thead>
                        <tbody>
                            {move || {
                                let (q, v) = dashboard.get();
                                q.iter().zip(v.iter()).take(CATEGORIES_SHOWN).enumerate().map(|(i, (q, v))| {
                                    let money = |a: &Agg| format!("{:.2}", a.total as f64 / 100.0);
                                    view! {
                                        <tr class=if q != v { "behind" } else { "" }>
                                            <td>{format!("category {}", i + 1)}</td>
                                            <td>{q.count}</td>
                                            <td>{v.count}</td>
                                            <td>{money(q)}</td>
                                            <td>{money(v)}</td>
                                        </tr>
                                    }
                                }).collect_view()
                            }}
                        </tbody>
                    </table></div>
                </Panel>
        }
        .into_any()
    }
}
