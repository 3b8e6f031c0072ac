//! The CQRS lab's page: controls, the picture, live figures, charts and the verdict.

use crate::ui::controls::Panel;
use leptos::prelude::*;

use super::fanout::FanoutLab;
use super::flow;
use super::guide::CqrsRun;
use super::panels::CqrsControls;
use super::params::{Params, Scene};
use super::scene::SceneSwitch;
use super::text;
use crate::link::registry::{Lab, LabParams};
use crate::page::frame::LabFrame;
use crate::page::lab::{figure, key, series, ChartSpec, Figure, LabParts, LabShell, LabUi, chart, Draw, swatches};
use crate::sim::cqrs::{compare, CqrsConfig, CqrsCounters, CqrsSim, Measured};
use crate::ui::chart::Series;
use crate::ui::theme::Palette;

/// Figures copied out of the engine for the page.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Readout {
    c: CqrsCounters,
    write: (f64, f64),
    read: (f64, f64),
    per_s: (u64, u64),
    sync_lag_ms: f64,
    utilization: (f64, f64),
    stores: u32,
}

impl From<&CqrsSim> for Readout {
    fn from(sim: &CqrsSim) -> Self {
        let (w50, w99, _) = sim.write_p50_p99();
        let (r50, r99, _) = sim.read_p50_p99();
        Self {
            c: *sim.counters(),
            write: (w50, w99),
            read: (r50, r99),
            per_s: sim.per_s(),
            sync_lag_ms: sim.sync_lag_ms(),
            utilization: sim.utilization(),
            stores: sim.stores_in_use(),
        }
    }
}

/// The verdict, from both architectures run on the same seed and traffic.
fn verdict(m: &[Measured; 2]) -> String {
    let [t, c] = m;
    let gain = t.read_p99_ms > 2.0 * c.read_p99_ms || t.write_p99_ms > 2.0 * c.write_p99_ms;
    if gain {
        format!(
            "CQRS wins here: queries {:.1} ms against {:.1} ms and commands {:.1} ms against {:.1} ms at the 99th percentile, for a second store, a sync path and {} stale reads.",
            c.read_p99_ms, t.read_p99_ms, c.write_p99_ms, t.write_p99_ms, c.stale_reads
        )
    } else {
        format!(
            "CQRS buys nothing here: queries {:.1} ms against {:.1} ms and commands {:.1} ms against {:.1} ms at the 99th percentile, and it costs a second store, a sync path and {} stale reads.",
            c.read_p99_ms, t.read_p99_ms, c.write_p99_ms, t.write_p99_ms, c.stale_reads
        )
    }
}

lab_model!(
    CqrsSim,
    CqrsConfig,
    |p: &Params| (p.scene == Scene::Split).then(|| p.timeline()),
    |run, config, actions| Params {
        run,
        scene: Scene::Split,
        config,
        actions,
        ..Params::default()
    }
);

/// Every figure, the key ones first.
#[rustfmt::skip] // One figure a line: a table to read down.
const FIGURES: [Figure<Readout>; 13] = [
    key(figure("write_p99_ms", "Command p99", "ms", 2, |r| r.write.1)),
    key(figure("read_p99_ms", "Query p99", "ms", 2, |r| r.read.1)),
    key(figure("sync_lag_ms", "Read store behind by", "ms", 0, |r| r.sync_lag_ms)),
    key(figure("stale_reads_total", "Missed own write", "total", 0, |r| r.c.stale_reads as f64)),
    key(figure("stores", "Stores to run", "", 0, |r| f64::from(r.stores))),
    figure("write_p50_ms", "Command p50", "ms", 2, |r| r.write.0),
    figure("read_p50_ms", "Query p50", "ms", 2, |r| r.read.0),
    figure("writes_per_s", "Commands done", "per s", 0, |r| r.per_s.0 as f64),
    figure("reads_per_s", "Queries answered", "per s", 0, |r| r.per_s.1 as f64),
    figure("ryw_redirects_total", "Redirected to the write store", "total", 0, |r| r.c.ryw_redirects as f64),
    figure("db_utilization", "Database / write store busy", "share", 2, |r| r.utilization.0),
    figure("read_utilization", "Read replica busy", "share", 2, |r| r.utilization.1),
    figure("refused_total", "Refused (503)", "total", 0, |r| (r.c.writes_refused + r.c.reads_refused) as f64),
];

/// The charts: latencies, then the sync lag.
#[rustfmt::skip] // One chart a line: a table to read down.
const CHARTS: [ChartSpec<Readout>; 2] = [
    chart("99th-percentile latency (ms), one point a second", &[("commands", "dropped"), ("queries", "arrival")], |r| format!("Latency chart: commands {:.1} ms, queries {:.1} ms at the 99th percentile", r.write.1, r.read.1)),
    chart("How far the read store is behind (ms)", &[("sync lag", "queue")], |r| format!("Sync lag chart: {:.0} ms behind", r.sync_lag_ms)),
];

impl LabUi for CqrsSim {
    type Readout = Readout;
    const LAB: Lab = Lab::Cqrs;
    const FIGURES: &'static [Figure<Readout>] = &FIGURES;
    const CHARTS: &'static [ChartSpec<Readout>] = &CHARTS;

    fn chart_lines(i: usize, run: &CqrsRun, p: Palette) -> Vec<Series> {
        let s = |col| series(run, col);
        if i == 0 {
            vec![(p.dropped, s(1)), (p.arrival, s(3))]
        } else {
            vec![(p.queue, s(6))]
        }
    }

    const DRAW: Draw<Self> = flow::draw;

    fn live(r: &Readout) -> String {
        format!(
            "Queries take {:.1} ms and commands {:.1} ms at the 99th percentile; {} stale reads; the read store is {:.0} ms behind.",
            r.read.1, r.write.1, r.c.stale_reads, r.sync_lag_ms
        )
    }
}

/// The picture's key: what each colour stands for.
const KEY: [(&str, &str); 4] = [
    ("dropped", "commands"),
    ("arrival", "queries"),
    ("served", "changes synced, connections busy"),
    ("queue", "waiting"),
];

/// The CQRS lab: the scene its link names.
#[component]
pub fn CqrsLab(params: Params, frame: LabFrame) -> impl IntoView {
    match params.scene {
        Scene::Split => view! { <SplitLab params=params frame=frame /> }.into_any(),
        Scene::Timeline => view! { <FanoutLab params=params frame=frame /> }.into_any(),
    }
}

/// Both architectures run on the same seed and traffic, and what they measured compared.
#[component]
fn Verdict(shell: LabShell<CqrsSim>) -> impl IntoView {
    let judged = RwSignal::new(None::<(f64, String)>);
    let judge = move || {
        let t = shell.with(|tl| tl.now_s()).unwrap_or(0.0).max(5.0);
        let both = compare(
            shell.lab.seed.get_untracked(),
            shell.config().get_untracked(),
            t,
        );
        judged.set(Some((both[0].seconds, verdict(&both))));
    };
    view! {
        <Panel id="verdict" class="accounts" title="Verdict: is CQRS worth it here?" hint="Runs both architectures on the same seed and the same traffic, with the settings you have now, and compares what they measured.">
            <div class="buttons">
                <button type="button" data-action="verdict" on:click=move |_| judge()>"Compare both architectures"</button>
            </div>
            {move || judged.get().map(|(t, v)| view! { <p data-verdict-text="">{format!("Over {t:.0} simulated seconds: {v}")}</p> })}
        </Panel>
    }
}

/// The split scene.
#[component]
#[allow(clippy::needless_pass_by_value)] // Leptos hands a component its props by value.
fn SplitLab(params: Params, frame: LabFrame) -> impl IntoView {
    let shell = LabShell::<CqrsSim>::open(frame, LabParams::new(params));
    let mut parts = LabParts::new(
        "CQRS: separate the writes from the reads",
        text::INTRO,
        "Animation: commands and queries on their paths, each store's queue and connections, and the projector between the write store and the read replicas",
    );
    let LabShell { lab, .. } = shell;
    parts.controls = view! {
        <SceneSwitch scene=Scene::Split frame=frame seed=lab.seed speed=lab.speed />
        <CqrsControls config=lab.config act=move |a| shell.act(a) />
    }
    .into_any();
    parts.key = swatches(&KEY).into_any();
    parts.extra = view! { <Verdict shell=shell /> }.into_any();
    shell.page(parts)
}
