//! The page around the labs: title, lab menu, notices about the link, and the lab itself.

use leptos::prelude::*;

use super::page_url;
use crate::labs::backpressure::BackpressureLab;
use crate::labs::event_sourcing::EventSourcingLab;
use crate::labs::link::Notice;
use crate::labs::{Lab, LabParams, Page};

/// Starts the app in `<body>`.
pub fn mount() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(App);
}

/// The whole page, read from the address.
#[component]
pub fn App() -> impl IntoView {
    let (page, notices) = Page::from_query(&page_url::query());
    let embed = page.embed;
    let current = page.lab.lab();
    view! {
        <div class="app" class:embedded=embed>
            {(!embed)
                .then(|| {
                    view! {
                        <header class="site">
                            <h1>"Scaling Lab"</h1>
                            <p>"Run the patterns that let systems scale, and watch them work — or break."</p>
                            <nav aria-label="Labs">
                                {Lab::ALL
                                    .into_iter()
                                    .map(|lab| {
                                        let here = lab == current;
                                        view! {
                                            <a
                                                href=format!("?lab={}", lab.key())
                                                aria-current=here.then_some("page")
                                                class:current=here
                                            >
                                                {lab.title()}
                                            </a>
                                        }
                                    })
                                    .collect_view()}
                            </nav>
                        </header>
                    }
                })}
            <Notices notices=notices />
            <main>
                {match page.lab {
                    LabParams::Backpressure(params) => {
                        view! { <BackpressureLab params=params embed=embed /> }.into_any()
                    }
                    LabParams::EventSourcing(params) => {
                        view! { <EventSourcingLab params=params embed=embed /> }.into_any()
                    }
                }}
            </main>
            {(!embed)
                .then(|| {
                    view! {
                        <footer class="site">
                            <p>
                                "Every run is deterministic: the same link, seed and settings give the same numbers on every machine. "
                                "Use “Link to this moment” to share exactly what you see."
                            </p>
                        </footer>
                    }
                })}
        </div>
    }
}

/// Names every link parameter that was not taken as written.
#[component]
fn Notices(notices: Vec<Notice>) -> impl IntoView {
    let (open, set_open) = signal(!notices.is_empty());
    view! {
        <Show when=move || open.get()>
            <div class="notice" role="alert">
                <p>"Some settings in this link could not be used as written:"</p>
                <ul>
                    {notices
                        .iter()
                        .map(|n| {
                            view! {
                                <li>
                                    <code data-notice=n.key.clone()>{n.key.clone()}</code>
                                    " "
                                    {n.message.clone()}
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
                <button type="button" on:click=move |_| set_open.set(false)>
                    "Dismiss"
                </button>
            </div>
        </Show>
    }
}
