//! The app around the labs: the site header, the tour, the guide panel beside the open lab,
//! notices about the link, and embedding. It sits above the labs; the labs know it only
//! through the [`LabFrame`] it hands them.

mod author;
mod course_file;
mod course_page;
mod embed;
mod guide;
mod scorm;
mod storage;
mod tour;
mod worker;

use leptos::prelude::*;

use crate::link::registry::{Authored, Comparison, Lab, LabParams, Page};
use crate::link::Notice;
use crate::page::frame::{LabFrame, LabView, Pages};
use crate::ui::page_url;
use guide::GuidePanel;

/// Every page: for the browser tests, which drive the whole app in one module.
pub const ALL: Pages = Pages {
    tour: Some(tour_view),
    labs: &[
        crate::labs::backpressure::VIEW,
        crate::labs::event_sourcing::VIEW,
        crate::labs::async_processing::VIEW,
        crate::labs::views::VIEW,
        crate::labs::cqrs::VIEW,
        crate::labs::gateway::VIEW,
        crate::labs::streams::VIEW,
        crate::labs::pipeline::VIEW,
    ],
};

/// The tour, for the tour's bundle.
pub fn tour_view() -> AnyView {
    // The tour has nothing to pass: an LMS counts it done once it is open.
    scorm::completed();
    view! { <tour::Tour /> }.into_any()
}

/// Points course platforms that read oEmbed at the lab's entry (`oembed/<lab>.json`, written
/// by `cargo xtask dist` beside the page).
fn catalogue_link(lab: Lab) {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Some(head) = doc.head() else {
        return;
    };
    if let Ok(link) = doc.create_element("link") {
        let _ = link.set_attribute("rel", "alternate");
        let _ = link.set_attribute("type", "application/json+oembed");
        let _ = link.set_attribute("href", &format!("oembed/{}.json", lab.key()));
        let _ = link.set_attribute("title", &format!("Scaling Lab: {}", lab.title()));
        let _ = head.append_child(&link);
    }
}

/// Lets links name the labs `pages` carries. Made once a page (or worker): the readers live
/// as long as it.
fn register(pages: Pages) {
    crate::link::registry::register(Box::leak(
        pages
            .labs
            .iter()
            .map(|v| v.codec)
            .collect::<Vec<_>>()
            .into_boxed_slice(),
    ));
}

/// Starts the app in `<body>` with the pages this bundle carries.
pub fn mount(pages: Pages) {
    crate::ui::panic::install();
    // Started in a Web Worker: an experiment's engine, not a page.
    if web_sys::window().is_none() {
        register(pages);
        worker::serve(pages);
        return;
    }
    scorm::start();
    leptos::mount::mount_to_body(move || view! { <App pages=pages /> });
}

/// Loads pages into the shell: the guide calls it to set a lab to a step's configuration.
#[derive(Clone, Copy)]
pub struct Loader {
    /// The lab this page shows: a page bundle carries one, so another is a new page load.
    lab: Option<Lab>,
    /// The lab as last loaded; setting it (even to the same value) mounts the lab afresh.
    loaded: RwSignal<Option<LabParams>>,
    /// The comparison loaded with it.
    compare: RwSignal<Option<&'static Comparison>>,
    step: RwSignal<Option<usize>>,
    embed: bool,
    /// The course author's steps the page opened with, kept in every page it loads.
    authored: Option<&'static Authored>,
    /// Author mode, kept likewise.
    author: bool,
    /// The experiment shown, kept likewise.
    experiment: RwSignal<Option<crate::link::experiment::Experiment>>,
}

impl Loader {
    /// Shows `page` (its lab restarts from its link) and writes it to the address.
    pub fn load(&self, page: &Page) {
        if page.lab.as_ref().map(LabParams::lab) != self.lab {
            let page = Page {
                authored: self.authored.cloned(),
                ..page.clone()
            };
            if let (Some(w), Some(url)) =
                (web_sys::window(), page_url::with_query(&page.to_query()))
            {
                let _ = w.location().set_href(&url);
            }
            return;
        }
        self.step.set(page.step);
        self.compare.set(page.compare);
        self.loaded.set(page.lab.clone());
        page_url::replace(
            &Page {
                embed: self.embed,
                authored: self.authored.cloned(),
                author: self.author,
                experiment: self.experiment.get_untracked(),
                ..page.clone()
            }
            .to_query(),
        );
    }

    /// Changes the step shown without touching the lab, and writes it to the address.
    pub fn set_step(&self, step: Option<usize>) {
        self.step.set(step);
        let (mut page, _) = Page::from_query(&page_url::latest_query());
        page.step = step;
        page_url::replace(&page.to_query());
    }
}

/// The whole page, read from the address. `pages` are what this bundle can show; a link to
/// anything else gets a link that loads its bundle.
#[component]
pub fn App(pages: Pages) -> impl IntoView {
    let find = move |lab: Lab| pages.labs.iter().find(|v| v.lab == lab).copied();
    register(pages);
    let (page, notices) = Page::from_query(&page_url::query());
    let embed = page.embed;
    // Leaked once a page: the frame is Copy, and the origin lives as long as the page.
    let parent_origin: Option<&'static str> = page
        .parent_origin
        .clone()
        .map(|o| &*Box::leak(o.into_boxed_str()));
    if embed {
        course_page::start(
            parent_origin,
            page.lab
                .as_ref()
                .map_or(crate::link::registry::TOUR, |l| l.lab().key()),
            page.step.map(|s| s + 1),
        );
    }
    // Leaked once a page, like the origin: the loader and the frame are Copy.
    let authored: Option<&'static Authored> =
        page.authored.clone().map(|a| &*Box::leak(Box::new(a)));
    let author = page.author;
    let experiment = RwSignal::new(page.experiment.clone());
    let current = page.lab.as_ref().map(LabParams::lab);
    let sample = current.and_then(find).map(|v| v.sample);
    if let Some(lab) = current {
        catalogue_link(lab);
    }
    let step = RwSignal::new(page.step);
    let loaded = RwSignal::new(page.lab);
    let compare = RwSignal::new(page.compare);
    let loader = Loader {
        lab: current,
        loaded,
        compare,
        step,
        embed,
        authored,
        author,
        experiment,
    };
    let guide = current
        .and_then(find)
        .filter(|_| !embed || step.get_untracked().is_some());
    let sim_time = RwSignal::new(0.0);
    let load = Callback::new(move |page: Page| loader.load(&page));
    provide_context(crate::ui::theme::watch());
    view! {
        <div class="app" class:embedded=embed>
            {(!embed).then(|| view! { <SiteHeader current=current /> })}
            <Notices notices=notices />
            <main class:with-guide=guide.is_some()>
                // The guide outlives the lab's restarts.
                {guide.map(|v: LabView| view! { <Guide v=v authored=authored loader=loader step=step sim_time=sim_time embed=embed author=author /> })}
                {move || {
                    let compare = compare.get_untracked();
                    let frame = LabFrame { embed, step, sim_time, load, compare, parent_origin, authored, author, experiment, sample };
                    match loaded.get() {
                        None => match pages.tour {
                            Some(tour) => tour(),
                            None => view! { <OtherBundle name="tour" /> }.into_any(),
                        },
                        Some(params) => match find(params.lab()) {
                            Some(v) => (v.view)(params, frame),
                            None => view! { <OtherBundle name=params.lab().title() /> }.into_any(),
                        },
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
                            <embed::EmbedCode />
                        </footer>
                    }
                })}
        </div>
    }
}

/// The guide beside a lab: its own, or the course author's the link brings (once a course
/// file has arrived).
#[component]
fn Guide(
    v: LabView,
    authored: Option<&'static Authored>,
    loader: Loader,
    step: RwSignal<Option<usize>>,
    sim_time: RwSignal<f64>,
    embed: bool,
    author: bool,
) -> impl IntoView {
    use course_file::{CourseNote, CourseState};
    let state = match authored {
        Some(a) => course_file::open(a, v.lab, v.guide, v.measure),
        None => RwSignal::new(CourseState::Ready(v.guide, CourseNote::default())),
    };
    move || match state.get() {
        CourseState::Loading(path) => view! {
            <section class="guide" aria-busy="true">
                <p class="hint">{format!("Loading the course “{path}”…")}</p>
            </section>
        }
        .into_any(),
        CourseState::Ready(guide, note) => view! {
            <GuidePanel lab=v.lab guide=guide loader=loader step=step sim_time=sim_time embed=embed
                note=note measure=v.measure author=author />
        }
        .into_any(),
    }
}

/// Title and the menu of the tour and the labs.
#[component]
fn SiteHeader(current: Option<Lab>) -> impl IntoView {
    let item = move |href: String, title: &'static str, here: bool| {
        view! {
            <a href=href aria-current=here.then_some("page") class:current=here>
                {title}
            </a>
        }
    };
    view! {
        <header class="site">
            // Past the menu and the guide, for the keyboard: the lab's controls follow its title.
            <a class="skip" href=if current.is_some() { "#lab-title" } else { "#tour-title" }>
                {if current.is_some() { "Skip to the lab" } else { "Skip to the tour" }}
            </a>
            <h1>"Scaling Lab"</h1>
            <p>"Run the patterns that let systems scale, and watch them work — or break."</p>
            <nav aria-label="Labs">
                {item("?lab=tour".to_owned(), "Tour", current.is_none())}
                {Lab::ALL
                    .into_iter()
                    .map(|lab| item(format!("?lab={}", lab.key()), lab.title(), current == Some(lab)))
                    .collect_view()}
            </nav>
        </header>
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

/// A lab this bundle does not carry (the page loader picks the right bundle, so this shows
/// only if a bundle is opened by hand): a link that loads it.
#[component]
fn OtherBundle(name: &'static str) -> impl IntoView {
    let href = page_url::with_query(&page_url::latest_query()).unwrap_or_default();
    view! {
        <div class="notice" role="alert">
            <p>
                {format!("“{name}” is not part of this page's download. ")}
                <a href=href rel="external">"Load it"</a>
            </p>
        </div>
    }
}
