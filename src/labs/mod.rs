//! The labs. Each has a `params` module (its link parameters; pure, tested natively), a
//! `guide` (its steps and challenges, pure), a `text` module (its words) and a view
//! (browser only).

/// Declares a lab's [`frame::LabView`] (`VIEW`): its `Lab` and `LabParams` variant, its view
/// component, and the `guide::GUIDE` of the module it is used in.
macro_rules! lab_view {
    ($variant:ident, $component:ident) => {
        lab_view!($variant, $component, &[]);
    };
    ($variant:ident, $component:ident, $compares:expr) => {
        /// How this lab's parameters are read from and written to a link.
        pub const CODEC: $crate::labs::LabCodec = $crate::labs::LabCodec {
            lab: $crate::labs::Lab::$variant,
            compares: $compares,
            read: |link| $crate::labs::LabParams::$variant(params::Params::read(link)),
            write: |p, pairs, max_actions| {
                if let $crate::labs::LabParams::$variant(p) = p {
                    p.write(pairs, max_actions);
                }
            },
        };

        /// This lab, for the shell.
        #[cfg(target_arch = "wasm32")]
        pub const VIEW: $crate::labs::frame::LabView = $crate::labs::frame::LabView {
            lab: $crate::labs::Lab::$variant,
            view: |params, frame| {
                use leptos::prelude::*;
                match params {
                    $crate::labs::LabParams::$variant(params) => {
                        view! { <$component params=params frame=frame /> }.into_any()
                    }
                    _ => ().into_any(),
                }
            },
            guide: &guide::GUIDE,
            codec: CODEC,
        };
    };
}

/// Implements [`crate::page::lab_run::LabModel`] for an engine with `new(seed, config)` and
/// `config()`. The short form is for a lab whose `params::Params` is its run, settings and
/// actions, under its own `LabParams` variant; the long form says which pages start this
/// engine (`pattern => timeline`) and how its link parameters are built.
#[cfg(target_arch = "wasm32")]
macro_rules! lab_model {
    ($sim:ty, $config:ty, $variant:ident) => {
        lab_model!(
            $sim,
            $config,
            $crate::labs::LabParams::$variant(p) => p.timeline(),
            |run, config, actions| $crate::labs::LabParams::$variant(super::params::Params {
                run,
                config,
                actions,
            })
        );
    };
    ($sim:ty, $config:ty, $page:pat $(if $guard:expr)? => $start:expr, |$run:ident, $cfg:ident, $actions:ident| $params:expr) => {
        impl $crate::page::lab_run::LabModel for $sim {
            type Config = $config;

            fn fresh(seed: u64, config: Self::Config) -> Self {
                Self::new(seed, config)
            }

            fn settings(&self) -> Self::Config {
                *self.config()
            }

            fn start(
                page: &$crate::labs::LabParams,
            ) -> Option<$crate::sim::timeline::Timeline<Self>> {
                match page {
                    $page $(if $guard)? => Some($start),
                    #[allow(unreachable_patterns)] // A lab with one page.
                    _ => None,
                }
            }

            fn params(
                $run: $crate::labs::link::Run,
                $cfg: Self::Config,
                $actions: Vec<(u64, <Self as $crate::sim::timeline::Replay>::Action)>,
            ) -> $crate::labs::LabParams {
                $params
            }
        }
    };
}

pub mod async_processing;
pub mod backpressure;
pub mod cqrs;
pub mod event_sourcing;
#[cfg(target_arch = "wasm32")]
pub mod frame;
pub mod gateway;
pub mod link;
pub mod link_actions;
pub mod pipeline;
pub mod run_file;
pub mod streams;
pub mod views;

use crate::course::MAX_ITEMS;
use link::{Link, Notice};

/// How one lab's parameters are read from and written to a link. A page bundle registers
/// only its own labs' ([`register`]), so the other labs' parsers never reach its download;
/// native code (tests, benchmarks) knows them all.
#[derive(Clone, Copy)]
pub struct LabCodec {
    /// Which lab.
    pub lab: Lab,
    /// Takes the lab's parameters out of a link.
    pub read: fn(&mut Link) -> LabParams,
    /// Appends the lab's parameters, with up to `max_actions` actions.
    pub write: fn(&LabParams, &mut Vec<(&'static str, String)>, usize),
    /// The pairs of settings it can run side by side.
    pub compares: &'static [Comparison],
}

/// Two settings of a lab run side by side on one seed, so both see the same arrivals and
/// every difference on screen is the pattern's: the link's settings with `a` set, against
/// the same with `b` set. A link names it with `vs=<key>`.
#[derive(Debug, PartialEq, Eq)]
pub struct Comparison {
    /// Its name in links.
    pub key: &'static str,
    /// What is compared, in words.
    pub title: &'static str,
    /// The first run: its label and the link parameters it sets.
    pub a: (&'static str, &'static [(&'static str, &'static str)]),
    /// The second run.
    pub b: (&'static str, &'static [(&'static str, &'static str)]),
}

/// The comparisons `lab` offers (none where this page cannot show it).
pub fn comparisons(lab: Lab) -> &'static [Comparison] {
    codec(lab).map_or(&[], |c| c.compares)
}

static CODECS: std::sync::OnceLock<&'static [LabCodec]> = std::sync::OnceLock::new();

/// Says which labs this page can read and write links of (once; later calls are ignored).
pub fn register(codecs: &'static [LabCodec]) {
    let _ = CODECS.set(codecs);
}

/// Every lab's codec, natively.
#[cfg(not(target_arch = "wasm32"))]
pub const ALL_CODECS: [LabCodec; 8] = [
    cqrs::CODEC,
    gateway::CODEC,
    streams::CODEC,
    pipeline::CODEC,
    backpressure::CODEC,
    event_sourcing::CODEC,
    async_processing::CODEC,
    views::CODEC,
];

fn codecs() -> &'static [LabCodec] {
    #[cfg(not(target_arch = "wasm32"))]
    let default: &'static [LabCodec] = &ALL_CODECS;
    // In a page bundle only what the bundle registered, so nothing else is linked in.
    #[cfg(target_arch = "wasm32")]
    let default: &'static [LabCodec] = &[];
    CODECS.get().copied().unwrap_or(default)
}

fn codec(lab: Lab) -> Option<&'static LabCodec> {
    codecs().iter().find(|c| c.lab == lab)
}

/// The link name of the tour.
pub const TOUR: &str = "tour";

/// Which lab a link opens.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lab {
    /// Producers, bounded queues and overflow policies.
    Backpressure,
    /// An append-only log, replay, snapshots and schema versions.
    EventSourcing,
    /// A checkout through message queues: retries, dead letters, duplicates.
    Async,
    /// The orders dashboard: query at read time or materialized views, and their refresh.
    Views,
    /// One database against separate write and read paths.
    Cqrs,
    /// A gateway's rate limits, load shedding, bulkheads and circuit breakers.
    Gateway,
    /// Reactive Streams' demand and TCP's window.
    Streams,
    /// The patterns combined, their pitfalls, and the simple alternative.
    Pipeline,
}

impl Lab {
    /// Every lab, in menu order.
    pub const ALL: [Self; 8] = [
        Self::Backpressure,
        Self::EventSourcing,
        Self::Async,
        Self::Views,
        Self::Cqrs,
        Self::Gateway,
        Self::Streams,
        Self::Pipeline,
    ];

    /// The name used in links.
    pub fn key(self) -> &'static str {
        match self {
            Self::Backpressure => "backpressure",
            Self::EventSourcing => "event-sourcing",
            Self::Async => "async",
            Self::Views => "views",
            Self::Cqrs => "cqrs",
            Self::Gateway => "gateway",
            Self::Streams => "streams",
            Self::Pipeline => "pipeline",
        }
    }

    /// The name shown in the menu.
    pub fn title(self) -> &'static str {
        match self {
            Self::Backpressure => "Back-pressure",
            Self::EventSourcing => "Event sourcing",
            Self::Async => "Async processing",
            Self::Views => "Materialized views",
            Self::Cqrs => "CQRS",
            Self::Gateway => "Gateway",
            Self::Streams => "Streams",
            Self::Pipeline => "Pipeline",
        }
    }

    /// Parses a link name.
    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|l| l.key() == key)
    }
}

/// The open lab and its parameters.
#[derive(Clone, Debug, PartialEq)]
pub enum LabParams {
    /// The back-pressure lab.
    Backpressure(backpressure::params::Params),
    /// The event-sourcing lab.
    EventSourcing(event_sourcing::params::Params),
    /// The async-processing lab.
    Async(async_processing::params::Params),
    /// The materialized-views lab.
    Views(views::params::Params),
    /// The CQRS lab.
    Cqrs(cqrs::params::Params),
    /// The gateway lab.
    Gateway(gateway::params::Params),
    /// The streams lab.
    Streams(streams::params::Params),
    /// The pipeline lab.
    Pipeline(pipeline::params::Params),
}

impl LabParams {
    /// Which lab.
    pub fn lab(&self) -> Lab {
        match self {
            Self::Backpressure(_) => Lab::Backpressure,
            Self::EventSourcing(_) => Lab::EventSourcing,
            Self::Async(_) => Lab::Async,
            Self::Views(_) => Lab::Views,
            Self::Cqrs(_) => Lab::Cqrs,
            Self::Gateway(_) => Lab::Gateway,
            Self::Streams(_) => Lab::Streams,
            Self::Pipeline(_) => Lab::Pipeline,
        }
    }

    /// Hands the run these parameters describe, at its start, to `with` (whichever engine
    /// the lab and scene run): for code that treats every lab alike, such as benchmarks and
    /// tests. A bundle calls it for no lab, so links none of them in.
    pub fn with_timeline<W: WithTimeline>(&self, with: W) -> W::Out {
        match self {
            Self::Backpressure(p) => with.run(p.timeline()),
            Self::EventSourcing(p) => with.run(p.timeline()),
            Self::Async(p) => with.run(p.timeline()),
            Self::Views(p) => with.run(p.timeline()),
            Self::Cqrs(p) => match p.scene {
                cqrs::params::Scene::Split => with.run(p.timeline()),
                cqrs::params::Scene::Timeline => with.run(p.fanout_timeline()),
            },
            Self::Gateway(p) => with.run(p.timeline()),
            Self::Streams(p) => with.run(p.timeline()),
            Self::Pipeline(p) => with.run(p.timeline()),
        }
    }

    /// The run parameters every lab shares: seed, speed, start time, paused.
    pub fn run_mut(&mut self) -> &mut link::Run {
        match self {
            Self::Backpressure(p) => &mut p.run,
            Self::EventSourcing(p) => &mut p.run,
            Self::Async(p) => &mut p.run,
            Self::Views(p) => &mut p.run,
            Self::Cqrs(p) => &mut p.run,
            Self::Gateway(p) => &mut p.run,
            Self::Streams(p) => &mut p.run,
            Self::Pipeline(p) => &mut p.run,
        }
    }
}

/// What [`LabParams::with_timeline`] does with a run of any lab's engine.
pub trait WithTimeline {
    /// What it gives back.
    type Out;
    /// Takes the run.
    fn run<S: crate::sim::timeline::Replay>(
        self,
        run: crate::sim::timeline::Timeline<S>,
    ) -> Self::Out;
}

/// Back-pressure parameters: a link with one of them but no `lab` opens that lab, as links
/// did before the tour existed.
pub const BACKPRESSURE_KEYS: [&str; 8] = [
    "producer_rate",
    "arrivals",
    "consumer_rate",
    "workers",
    "service",
    "capacity",
    "policy",
    "memory_mb",
];

/// Everything a link says about the page.
#[derive(Clone, Debug, PartialEq)]
pub struct Page {
    /// The lab shown, with its parameters; `None` is the tour.
    pub lab: Option<LabParams>,
    /// Hide the site chrome, for iframes.
    pub embed: bool,
    /// The guide step shown (0-based; `step=1` in a link is the first).
    pub step: Option<usize>,
    /// Two runs side by side: this page's, which takes the comparison's `a` settings, and a
    /// second with its `b` settings.
    pub compare: Option<&'static Comparison>,
    /// Embedded: the only origin the page's messages to its host go to (`None`: any).
    pub parent_origin: Option<String>,
}

impl Page {
    /// Reads a query string; never fails, and names every parameter it could not take.
    pub fn from_query(query: &str) -> (Self, Vec<Notice>) {
        Self::from_link(Link::parse(query))
    }

    /// The run a run file describes, at its end and paused; `Err` if the file is of another
    /// lab than `lab`.
    pub fn from_run_file(
        file: &run_file::RunFile,
        lab: Lab,
    ) -> Result<(Self, Vec<Notice>), String> {
        if file.lab != lab.key() {
            return Err(format!(
                "the file is a run of the “{}” lab, not of this one ({}); open it there",
                file.lab.chars().take(40).collect::<String>(),
                lab.key()
            ));
        }
        let mut link = Link::parse(&file.link);
        link.max_actions = crate::sim::timeline::MAX_ACTIONS;
        let (mut page, notices) = Self::from_link(link);
        match page.lab.as_mut().filter(|p| p.lab() == lab) {
            Some(params) => (params.run_mut().t, params.run_mut().paused) = (file.t_s, true),
            None => return Err("the file's link does not open this lab".to_owned()),
        }
        Ok((page, notices))
    }

    /// Reads a parsed link.
    pub fn from_link(mut link: Link) -> (Self, Vec<Notice>) {
        let names: Vec<&str> = std::iter::once(TOUR)
            .chain(Lab::ALL.iter().map(|l| l.key()))
            .collect();
        let implied = BACKPRESSURE_KEYS
            .iter()
            .any(|k| link.raw_present(k))
            .then_some(Lab::Backpressure);
        let lab = if link.raw_present("lab") {
            link.choice(
                "lab",
                |k| match k {
                    TOUR => Some(None),
                    k => Lab::from_key(k).map(Some),
                },
                &names,
                implied,
                implied.map_or(TOUR, Lab::key),
            )
        } else {
            implied
        };
        let embed = link.flag("embed");
        let parent_origin = link.raw("parent_origin").and_then(|o| {
            let ok = crate::course::messages::valid_origin(&o);
            if !ok {
                link.refuse(
                    "parent_origin",
                    "is not an origin such as https://course.example.org; messages to the course page go to any origin",
                );
            }
            ok.then_some(o)
        });
        // Steps are checked against the guide's length where the guide is shown (the panel
        // clamps); here only against the bound every guide keeps, so parsing a link does not
        // pull every lab's guide into every page bundle.
        let step = lab.and_then(|_| {
            link.raw_present("step")
                .then(|| link.integer("step", 1, MAX_ITEMS as u32, 1) as usize - 1)
        });
        // A lab this page cannot show is left to its own bundle (the loader's choice): here
        // it reads as the tour.
        let codec = lab.and_then(codec);
        let compare = match codec {
            Some(c) if link.raw_present("vs") => {
                let names: Vec<&str> = c.compares.iter().map(|x| x.key).collect();
                let none = if names.is_empty() {
                    "none (this lab has no comparisons)"
                } else {
                    "none"
                };
                link.choice(
                    "vs",
                    |k| c.compares.iter().find(|x| x.key == k).map(Some),
                    &names,
                    None,
                    none,
                )
            }
            _ => None,
        };
        // The first run is always the comparison's first side, whatever the link says.
        for (k, v) in compare.map_or(&[][..], |c| c.a.1) {
            link.set(k, v);
        }
        let lab = codec.map(|c| (c.read)(&mut link));
        let page = Self {
            lab,
            embed,
            step,
            compare,
            parent_origin,
        };
        (page, link.finish())
    }

    /// This page comparing by `compare` (or no longer comparing): its own run takes the
    /// comparison's `a` settings.
    pub fn comparing(&self, compare: Option<&'static Comparison>) -> Self {
        let mut link = Link::parse(&self.to_query());
        link.remove("vs");
        if let Some(c) = compare {
            link.set("vs", c.key);
        }
        Self::from_link(link).0
    }

    /// The second run's parameters: this page's with the comparison's `b` settings.
    pub fn versus(&self) -> Option<LabParams> {
        let c = self.compare?;
        let mut link = Link::parse(&self.to_query());
        // Read as a page of its own, or the comparison would put the first side's back.
        link.remove("vs");
        for (k, v) in c.b.1 {
            link.set(k, v);
        }
        Self::from_link(link).0.lab
    }

    /// The query string (without `?`) that reproduces this page.
    pub fn to_query(&self) -> String {
        self.to_query_with(link_actions::MAX_LINK_ACTIONS)
    }

    /// The query string, with up to `max_actions` actions (a run file carries more than a
    /// link).
    pub fn to_query_with(&self, max_actions: usize) -> String {
        let mut pairs = vec![(
            "lab",
            self.lab.as_ref().map_or(TOUR, |l| l.lab().key()).to_owned(),
        )];
        if let Some(step) = self.step {
            pairs.push(("step", (step + 1).to_string()));
        }
        if let Some((p, c)) = self.lab.as_ref().and_then(|p| Some((p, codec(p.lab())?))) {
            (c.write)(p, &mut pairs, max_actions);
        }
        if let Some(c) = self.compare {
            pairs.push(("vs", c.key.to_owned()));
        }
        if self.embed {
            pairs.push(("embed", "1".to_owned()));
        }
        if let Some(origin) = &self.parent_origin {
            pairs.push(("parent_origin", origin.clone()));
        }
        link::build(&pairs)
    }
}
