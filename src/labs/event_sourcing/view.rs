//! The event-sourcing lab's page: traffic and hand commands, the tape, time travel, snapshots
//! against full replay, schema versions, the read model and an account's audit trail.

use leptos::prelude::*;

use super::cost::{cost_lines, RebuildCost};
use super::guide::EsRun;
use super::panels::{EsControls, RaceControls};
use super::params::{self, Params};
use super::rebuild::{event_before, RebuildView};
use super::scrub::Scrub;
use super::tables::{index_audit, AccountTable, AuditTrail};
use super::tape::Tape;
use super::text;
use super::timetravel::TimeTravel;
use crate::link::registry::{Lab, LabParams};
use crate::page::frame::LabFrame;
use crate::page::lab::{figure, key, ChartSpec, Figure, LabParts, LabShell, LabUi, chart, swatches};
use crate::page::run::RunCtl;
use crate::sim::event_sourcing::{EsAction, EsConfig, EventSourcing, Outcome};
use crate::sim::seconds;
use crate::ui::chart::{Series, XAxis};
use crate::ui::frame::PlayClock;
use crate::ui::metric::Metric;
use crate::ui::theme::{Palette, Preferences};

#[derive(Clone, Copy, Debug, Default, PartialEq)]
/// Figures copied out of the engine for the page.
pub struct Readout {
    now_s: f64,
    head: u64,
    archived: u64,
    streams: usize,
    commands: u64,
    rejected: u64,
    conflicts: u64,
    snapshots: usize,
    lag_events: u64,
    lag_ms: f64,
    outcomes: [Option<Outcome>; 2],
    /// The writers' race: calls, writers done, and the time it took (so far, while racing).
    race: (u64, u64, f64),
}

impl From<&EventSourcing> for Readout {
    fn from(sim: &EventSourcing) -> Self {
        let store = sim.store();
        let p = sim.projection();
        let lag_ms = store
            .get(p.position)
            .map_or(0.0, |e| seconds(sim.now().saturating_sub(e.at)) * 1e3);
        let c = sim.counters();
        Self {
            now_s: sim.now_s(),
            head: store.head(),
            archived: store.archived_before(),
            streams: store.stream_count(),
            commands: c.commands,
            rejected: c.rejected,
            conflicts: c.conflicts,
            snapshots: sim.snapshots().len(),
            lag_events: sim.projection_lag(),
            lag_ms,
            outcomes: sim.last_outcomes(),
            race: sim.contention().map_or((0, 0, 0.0), |c| {
                let t = c.done_at().unwrap_or_else(|| sim.now());
                (c.calls(), c.done(), seconds(t) * 1e3)
            }),
        }
    }
}

lab_model!(
    EventSourcing,
    EsConfig,
    |p: &Params| Some(p.timeline()),
    |run, config, actions| Params {
        run,
        config,
        offset: None,
        actions,
    }
);

/// Every figure, the key ones first.
#[rustfmt::skip] // One figure a line: a table to read down.
const FIGURES: [Figure<Readout>; 11] = [
    key(figure("events_total", "Events", "total", 0, |r| r.head as f64)),
    key(figure("snapshot_count", "Snapshots kept", "", 0, |r| r.snapshots as f64)),
    key(figure("projection_lag_events", "Read model lag", "events", 0, |r| r.lag_events as f64)),
    key(figure("conflicts_total", "Conflicts", "total", 0, |r| r.conflicts as f64)),
    figure("streams_total", "Streams", "accounts", 0, |r| r.streams as f64),
    figure("commands_total", "Commands", "total", 0, |r| r.commands as f64),
    figure("commands_rejected_total", "Refused", "total", 0, |r| r.rejected as f64),
    figure("archived_events", "Archived", "events", 0, |r| r.archived as f64),
    figure("race_calls_total", "Racing writers' calls", "total", 0, |r| r.race.0 as f64),
    figure("race_writers_done", "Racing writers appended", "writers", 0, |r| r.race.1 as f64),
    figure("race_time_ms", "Until every racing writer appended", "ms", 0, |r| r.race.2),
];

/// The chart: what a rebuild costs at every length of the log so far.
#[rustfmt::skip] // One chart a line: a table to read down.
const CHARTS: [ChartSpec<Readout>; 1] = [
    chart("Events replayed to rebuild, against log length", &[("without snapshots", "rejected"), ("with the snapshots kept", "served")], |r| format!("Rebuild cost chart: {} events in the log", r.head)),
];

impl LabUi for EventSourcing {
    type Readout = Readout;
    const LAB: Lab = Lab::EventSourcing;
    const EXPERIMENTS: &'static crate::course::experiment::Presets = &super::experiments::PRESETS;
    const FIGURES: &'static [Figure<Readout>] = &FIGURES;
    const CHARTS: &'static [ChartSpec<Readout>] = &CHARTS;

    fn chart_lines(_: usize, run: &EsRun, p: Palette) -> Vec<Series> {
        cost_lines(run, p)
    }

    /// Events in the log, not seconds.
    fn x_axis(_: usize, run: &EsRun) -> XAxis {
        XAxis::Count(run.store().head().max(100) as f64)
    }

    /// Nothing: the tape scrolls between frames, so [`Tape`] draws it in the page's frame
    /// hook, where it keeps its place.
    fn live(r: &Readout) -> String {
        format!(
            "{} events in the log; the read model is {} events behind.",
            r.head, r.lag_events
        )
    }
}

/// The picture's key: what each colour stands for.
const KEY: [(&str, &str); 5] = [
    ("queue", "AccountCreated"),
    ("served", "MoneyDeposited (outlined: v2)"),
    ("dropped", "MoneyWithdrawn"),
    ("arrival", "S: snapshot"),
    ("rejected", "cursor"),
];

/// The event-sourcing lab.
#[component]
#[allow(clippy::needless_pass_by_value)] // Leptos hands a component its props by value.
pub fn EventSourcingLab(params: Params, frame: LabFrame) -> impl IntoView {
    let shell = LabShell::<EventSourcing>::open(frame, LabParams::new(params.clone()));
    let run = shell.lab.run;
    let readout = shell.readout;
    // A cursor past the head (or before the archive) is clamped as the frames draw it: the
    // log only has so much, and a link's `t` may still be being computed.
    let cursor = RwSignal::new(params.offset);
    shell.lab.amend_links(move |mut p| {
        if let Some(p) = p.get_mut::<Params>() {
            p.offset = cursor.get_untracked();
        }
        p
    });
    // The moment v2 was deployed, once the run has passed it: it travels in links as `v2_at`.
    let v2_at = Memo::new(move |_| {
        readout.track();
        run.with(|tl| params::v2_at(tl.actions()).filter(|t| *t <= tl.now_s()))
            .flatten()
    });
    let rebuilt = RwSignal::new(RebuildView::default());
    let replaying = RwSignal::new(false);
    let pace = RwSignal::new(20.0f64);
    let audit_account = RwSignal::new(0u32);
    let audit_len = RwSignal::new(0usize);
    let audit_index = StoredValue::new_local((u32::MAX, 0u64, Vec::<u64>::new()));
    let scroll_top = RwSignal::new(0.0f64);
    let hand_account = RwSignal::new(0u32);
    let hand_amount = RwSignal::new(100u32);
    shell.on_reset(move || {
        cursor.set(None);
        replaying.set(false);
        audit_index.set_value((u32::MAX, 0, Vec::new()));
    });
    // The cursor and v2's deployment belong in the link too: the settings' changes rewrite
    // it already.
    Effect::new(move |ran: Option<()>| {
        let _ = (cursor.get(), v2_at.get());
        if ran.is_some() {
            let paused = shell.lab.paused.get_untracked();
            let page = shell.page_at(0.0, paused, crate::link::actions::MAX_LINK_ACTIONS);
            crate::ui::page_url::replace(&page.to_query());
        }
    });

    let mut scrub = Scrub {
        run,
        cursor,
        replaying,
        pace,
        rebuilt,
        tape: Tape::new(shell.canvases.0),
        rebuilding: None,
        clock: PlayClock::default(),
        carry: 0.0,
        last_rebuild: f64::MIN,
    };
    let on_frame = move |now: f64, prefs: Preferences| scrub.frame(now, prefs);
    let on_readout = move |_| {
        let len = index_audit(run, audit_account.get_untracked(), audit_index);
        if audit_len.get_untracked() != len {
            audit_len.set(len);
        }
    };

    let mut parts = LabParts::new(
        "Event sourcing: the log is the truth",
        text::INTRO,
        "The event log as a tape of events, with snapshots and the cursor",
    );
    parts.picture_class = "tape";
    let act = move |a: EsAction| shell.act(a);
    parts.controls = view! {
        <EsControls config=shell.config() act=act hand_account=hand_account hand_amount=hand_amount v2_at=v2_at outcomes=Signal::derive(move || readout.get().outcomes) />
        <RaceControls config=shell.config() restart=move |c| shell.restart_with(c) />
    }
    .into_any();
    parts.key = view! {
        {swatches(&KEY)}
        <span class="visually-hidden">{move || format!(". The event log: {} events; the cursor is at offset {}", readout.get().head, rebuilt.with(|r| r.offset))}</span>
    }
    .into_any();
    parts.notices = view! {
        <div class="readouts" aria-label="The cursor">
            <Metric name="offset" label="Cursor offset" unit="" value=Signal::derive(move || rebuilt.with(|r| r.offset as f64)) />
        </div>
                <TimeTravel run=run rebuilt=rebuilt cursor=cursor replaying=replaying pace=pace head=Signal::derive(move || readout.get().head) archived=Signal::derive(move || readout.get().archived) />
                <FoldError rebuilt=rebuilt />
                <StateTables run=run readout=readout cursor=cursor rebuilt=rebuilt />
                <p class="policy-text">{text::READ_MODEL}</p>
                <RebuildCost rebuilt=rebuilt />
    }
    .into_any();
    parts.extra = view! {
        <AuditTrail run=run account=audit_account len=audit_len index=audit_index scroll_top=scroll_top />
    }
    .into_any();
    parts.on_frame = Some(Box::new(on_frame));
    parts.on_readout = Some(Box::new(on_readout));
    shell.page(parts)
}

/// The accounts as of the cursor (or now, following the head) beside the read model's.
#[component]
fn StateTables(
    run: RunCtl<EventSourcing>,
    readout: RwSignal<Readout>,
    cursor: RwSignal<Option<u64>>,
    rebuilt: RwSignal<RebuildView>,
) -> impl IntoView {
    view! {
        <div class="tables">
            // Following the head, the write side's own state is the truth and costs
            // nothing to show; at a cursor, the rebuilt state is.
            <AccountTable
                title=Signal::derive(move || match cursor.get() {
                    None => format!("State now (offset {})", readout.get().head),
                    Some(_) => format!("State as of offset {}", rebuilt.with(|r| r.offset)),
                })
                accounts=Signal::derive(move || match cursor.get() {
                    None => {
                        readout.track();
                        run.with(|s| s.live().to_vec()).unwrap_or_default()
                    }
                    Some(_) => rebuilt.with(|r| r.accounts.clone()),
                })
                highlight=Signal::derive(move || match cursor.get() {
                    None => {
                        let head = readout.get().head;
                        run.with(|s| event_before(s, head).map(|e| e.1)).flatten()
                    }
                    Some(_) => rebuilt.with(|r| r.under_cursor.map(|u| u.1)),
                })
                metric="balance_total"
            />
            <AccountTable
                title=Signal::derive(move || {
                    let r = readout.get();
                    format!("Read model: {} events ({:.0} ms) behind", r.lag_events, r.lag_ms)
                })
                accounts=Signal::derive(move || {
                    // The engine is not reactive: refresh with the readouts.
                    readout.track();
                    run.with(|s| s.projection().accounts.clone()).unwrap_or_default()
                })
                highlight=Signal::derive(|| None)
                metric="read_model_balance_total"
            />
        </div>
    }
}

/// A rebuild that failed, named, while the app runs on.
#[component]
fn FoldError(rebuilt: RwSignal<RebuildView>) -> impl IntoView {
    let error = move || {
        rebuilt.with(|r| match (&r.full, &r.snapshot) {
            (Some(Err(e)), _) | (_, Some(Err(e))) => Some(*e),
            _ => None,
        })
    };
    move || {
        error().map(|e| {
            view! {
                <div class="notice fold-error" role="alert">
                    <strong>"Rebuild failed: "</strong>
                    {e.to_string()}
                    ". The app keeps running; turn the upcaster back on, or move the cursor past a snapshot taken after v2."
                </div>
            }
        })
    }
}
