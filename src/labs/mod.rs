//! The labs. Each has a `params` module (its link parameters; pure, tested natively), a
//! `guide` (its steps and challenges, pure), a `text` module (its words) and a view
//! (browser only).

/// Declares a lab's page modules, which exist only in the browser (its picture, panels and
/// view), and makes its view component (`view::$component`) the lab's.
macro_rules! page_modules {
    ($component:ident: $($module:ident),+) => {
        $(
            #[cfg(target_arch = "wasm32")]
            mod $module;
        )+
        #[cfg(target_arch = "wasm32")]
        pub use view::$component;
    };
}

/// Declares a lab's link reader (`CODEC`) and, in the browser, its `VIEW` for the shell: its
/// `Lab`, its view component, the `guide::GUIDE` of the module it is used in, and its
/// engines (one a scene) measured headless for course authors; and makes its
/// `params::Params` the lab's [`LabParams`](crate::link::registry::LabParams).
macro_rules! lab_view {
    ($variant:ident, $component:ident, [$($sim:ty),+]) => {
        lab_view!($variant, $component, [$($sim),+], &[]);
    };
    ($variant:ident, $component:ident, [$($sim:ty),+], $compares:expr) => {
        $crate::link_params!(params::Params, $variant);

        /// How this lab's parameters are read from a link.
        pub const CODEC: $crate::link::registry::LabCodec = $crate::link::registry::LabCodec {
            lab: $crate::link::registry::Lab::$variant,
            compares: $compares,
            read: |link| $crate::link::registry::LabParams::new(params::Params::read(link)),
        };

        /// This lab, for the shell.
        #[cfg(target_arch = "wasm32")]
        pub const VIEW: $crate::page::frame::LabView = $crate::page::frame::LabView {
            lab: $crate::link::registry::Lab::$variant,
            view: |params, frame| {
                use leptos::prelude::*;
                match params.get::<params::Params>() {
                    Some(params) => {
                        let params = params.clone();
                        view! { <$component params=params frame=frame /> }.into_any()
                    }
                    None => ().into_any(),
                }
            },
            guide: &guide::GUIDE,
            codec: CODEC,
            measure: |query, run_s, settled| {
                None$(.or_else(|| $crate::page::lab::measure::<$sim>(query, run_s, settled)))+
            },
            sample: |query, warmup_s, duration_s, metrics| {
                None$(.or_else(|| $crate::page::lab::sample::<$sim>(query, warmup_s, duration_s, metrics)))+
            },
        };
    };
}

/// The course's `Engine` for a lab's run (`$run`, a timeline of its engine) whose
/// `params::Params` has `config`, `actions` and `start`: a step's link opens its run; settled,
/// the recorded changes of setting are folded into the starting configuration by `$settle`
/// (which gives the configuration with the action `$a` applied to `$c`, or `None` to keep the
/// action as an action); by default every setting's action is folded, every command kept.
macro_rules! guide_engine {
    ($run:ty) => {
        guide_engine!($run, |c, a| c.after(a));
    };
    ($run:ty, |$c:ident, $a:ident| $settle:expr) => {
        impl $crate::course::Engine for $run {
            fn open(link: &mut $crate::link::Link) -> Self {
                super::params::Params::read(link).start()
            }

            fn open_settled(link: &mut $crate::link::Link) -> Self {
                let mut p = super::params::Params::read(link);
                $crate::course::settle(&mut p.config, &mut p.actions, |$c, $a| $settle);
                p.start()
            }

            fn run_to(&mut self, t_s: f64) {
                $crate::sim::timeline::Timeline::run_to_tick(
                    self,
                    $crate::sim::nanos(t_s) / $crate::sim::TICK_NS,
                );
            }
        }
    };
}

/// `timeline` and `start` for a lab's `Params` of a `run`, a `config` and `actions`, whose
/// engine `$sim` starts from a seed and a config; with `settings`, also `read` and `write`
/// around the lab's own `read_config` and `write_config`.
macro_rules! run_params {
    (pub struct $params:ident for $sim:ty, $config:ty) => {
        /// Everything a link of this lab can say.
        #[derive(Clone, Debug, Default, PartialEq)]
        pub struct $params {
            /// Seed, speed, start time, paused.
            pub run: $crate::link::Run,
            /// The model's parameters at the start.
            pub config: $config,
            /// The learner's changes, `(tick, action)` in order.
            pub actions: Vec<(u64, <$sim as $crate::sim::Replay>::Action)>,
        }

        run_params!($params, $sim, settings);
    };
    ($params:ty, $sim:ty, settings) => {
        run_params!($params, $sim);

        impl $params {
            /// Takes this lab's parameters out of a link: its settings, then the run's seed,
            /// speed, moment and pause, then the action log.
            pub fn read(link: &mut $crate::link::Link) -> Self {
                let config = Self::read_config(link);
                Self {
                    run: $crate::link::Run::read(link),
                    config,
                    actions: $crate::link::actions::read(link),
                }
            }

            /// Appends this lab's parameters, with up to `max_actions` actions.
            pub fn write(&self, pairs: &mut Vec<(&'static str, String)>, max_actions: usize) {
                self.run.write(pairs);
                Self::write_config(&self.config, pairs);
                $crate::link::actions::write(&self.actions, pairs, max_actions);
            }
        }
    };
    ($params:ty, $sim:ty) => {
        impl $params {
            /// The run this link describes, at its start.
            pub fn timeline(&self) -> $crate::sim::timeline::Timeline<$sim> {
                $crate::sim::timeline::Timeline::new(
                    <$sim>::new(self.run.seed, self.config),
                    self.actions.clone(),
                )
            }

            /// The run this link describes, at its `t`.
            pub fn start(&self) -> $crate::sim::timeline::Timeline<$sim> {
                self.timeline().at_second(self.run.t)
            }
        }
    };
}

/// Implements [`crate::page::lab_run::LabModel`] for an engine with `new(seed, config)` and
/// `config()`. The short form is for a lab whose `params::Params` is its run, settings and
/// actions; the long form says which of its pages start this engine (`|params| timeline`)
/// and how its `params::Params` are built.
#[cfg(target_arch = "wasm32")]
macro_rules! lab_model {
    ($sim:ty, $config:ty) => {
        lab_model!(
            $sim,
            $config,
            |p: &super::params::Params| Some(p.timeline()),
            |run, config, actions| super::params::Params {
                run,
                config,
                actions,
            }
        );
    };
    ($sim:ty, $config:ty, |$p:ident: &$pty:ty| $start:expr, |$run:ident, $cfg:ident, $actions:ident| $params:expr) => {
        impl $crate::page::lab_run::LabModel for $sim {
            type Config = $config;

            fn fresh(seed: u64, config: Self::Config) -> Self {
                Self::new(seed, config)
            }

            fn settings(&self) -> Self::Config {
                *self.config()
            }

            fn start(
                page: &$crate::link::registry::LabParams,
            ) -> Option<$crate::sim::timeline::Timeline<Self>> {
                let $p = page.get::<$pty>()?;
                $start
            }

            fn params(
                $run: $crate::link::Run,
                $cfg: Self::Config,
                $actions: Vec<(u64, <Self as $crate::sim::timeline::Replay>::Action)>,
            ) -> $crate::link::registry::LabParams {
                $crate::link::registry::LabParams::new($params)
            }
        }
    };
}

pub mod async_processing;
pub mod backpressure;
pub mod cqrs;
pub mod event_sourcing;
pub mod gateway;
pub mod pipeline;
pub mod streams;
pub mod views;

use crate::link::registry::{register, LabCodec, LabParams};

/// Every lab's link reader.
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

/// Lets links name every lab (native code: tests, benchmarks; a page bundle registers only
/// its own).
pub fn register_all() {
    register(&ALL_CODECS);
}

/// What [`with_timeline`] does with a run of any lab's engine.
pub trait WithTimeline {
    /// What it gives back.
    type Out;
    /// Takes the run.
    fn run<S: crate::sim::timeline::Replay>(
        self,
        run: crate::sim::timeline::Timeline<S>,
    ) -> Self::Out;
}

/// Hands the run `params` describe, at its start, to `with` (whichever engine the lab and
/// scene run): for code that treats every lab alike, such as benchmarks and tests. `None`
/// for parameters of no lab here.
pub fn with_timeline<W: WithTimeline>(params: &LabParams, with: W) -> Option<W::Out> {
    if let Some(p) = params.get::<backpressure::params::Params>() {
        return Some(with.run(p.timeline()));
    }
    if let Some(p) = params.get::<event_sourcing::params::Params>() {
        return Some(with.run(p.timeline()));
    }
    if let Some(p) = params.get::<async_processing::params::Params>() {
        return Some(with.run(p.timeline()));
    }
    if let Some(p) = params.get::<views::params::Params>() {
        return Some(with.run(p.timeline()));
    }
    if let Some(p) = params.get::<cqrs::params::Params>() {
        return Some(match p.scene {
            cqrs::params::Scene::Split => with.run(p.timeline()),
            cqrs::params::Scene::Timeline => with.run(p.fanout_timeline()),
        });
    }
    if let Some(p) = params.get::<gateway::params::Params>() {
        return Some(with.run(p.timeline()));
    }
    if let Some(p) = params.get::<streams::params::Params>() {
        return Some(with.run(p.timeline()));
    }
    params
        .get::<pipeline::params::Params>()
        .map(|p| with.run(p.timeline()))
}

/// What a catalogue says of a lab: its guide (whose step titles are what it teaches) and its
/// introduction.
pub fn catalogue(
    lab: crate::link::registry::Lab,
) -> (&'static dyn crate::course::LabGuide, &'static str) {
    use crate::link::registry::Lab;
    match lab {
        Lab::Backpressure => (&backpressure::guide::GUIDE, backpressure::text::INTRO),
        Lab::EventSourcing => (&event_sourcing::guide::GUIDE, event_sourcing::text::INTRO),
        Lab::Async => (
            &async_processing::guide::GUIDE,
            async_processing::text::INTRO,
        ),
        Lab::Views => (&views::guide::GUIDE, views::text::INTRO),
        Lab::Cqrs => (&cqrs::guide::GUIDE, cqrs::text::INTRO),
        Lab::Gateway => (&gateway::guide::GUIDE, gateway::text::INTRO),
        Lab::Streams => (&streams::guide::GUIDE, streams::text::INTRO),
        Lab::Pipeline => (&pipeline::guide::GUIDE, pipeline::text::INTRO),
    }
}
