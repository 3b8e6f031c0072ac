//! The event-sourcing lab's page: traffic and hand commands, the tape, time travel, snapshots
//! against full replay, schema versions, the read model and an account's audit trail.

use leptos::html;
use leptos::prelude::*;

use super::cost::{draw_cost, RebuildCost};
use super::panels::EsControls;
use super::params::{self, Params};
use super::rebuild::{event_before, RebuildView, Rebuilding};
use super::tables::{AccountTable, AuditTrail};
use super::tape::Tape;
use super::text;
use super::timetravel::TimeTravel;
use crate::labs::frame::LabFrame;
use crate::labs::link::Run;
use crate::labs::link_actions::MAX_LINK_ACTIONS;
use crate::labs::{Lab, LabParams};
use crate::page::lab_page::LabPage;
use crate::page::run::RunCtl;
use crate::sim::event_sourcing::{EsAction, EventSourcing, Outcome};
use crate::sim::timeline::Timeline;
use crate::sim::{nanos, seconds, TICK_NS};
use crate::ui::chart::{ChartHandle, TimeChart};
use crate::ui::frame::{frame_loop, PlayClock};
use crate::ui::metric::Metric;
use crate::ui::playback::Playback;
use crate::ui::{page_url, theme};

const READOUT_MS: f64 = 100.0;
/// How often the rebuild comparison reruns while the cursor moves, ms of real time.
const REBUILD_MS: f64 = 150.0;
/// How often it reruns while following the head.
const REBUILD_FOLLOW_MS: f64 = 1_000.0;
/// Events the rebuild comparison may fold per frame: a few milliseconds of work.
const REPLAY_BUDGET: u64 = 100_000;
/// How often the screen-reader summary may speak, ms of real time.
const LIVE_MS: f64 = 8_000.0;

#[derive(Clone, Copy, Debug, Default, PartialEq)]
struct Readout {
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
}

impl Readout {
    fn of(sim: &EventSourcing) -> Self {
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
        }
    }
}

/// The event-sourcing lab.
#[component]
#[allow(clippy::needless_pass_by_value)] // Leptos hands a component its props by value.
pub fn EventSourcingLab(params: Params, frame: LabFrame) -> impl IntoView {
    let config = RwSignal::new(params.config);
    let seed = RwSignal::new(params.run.seed);
    let speed = RwSignal::new(params.run.speed);
    let paused = RwSignal::new(params.run.paused);
    let run = RunCtl::open(
        params.timeline(),
        nanos(params.run.t) / TICK_NS,
        frame.load,
        false,
    );
    // A cursor past the head (or before the archive) is clamped as the frames draw it: the
    // log only has so much, and a link's `t` may still be being computed.
    let cursor = RwSignal::new(params.offset);
    let v2_at = RwSignal::new(None::<f64>);
    let readout = RwSignal::new(run.with(|s| Readout::of(s)).unwrap_or_default());
    let rebuilt = RwSignal::new(RebuildView::default());
    let replaying = RwSignal::new(false);
    let pace = RwSignal::new(20.0f64);
    let audit_account = RwSignal::new(0u32);
    let audit_len = RwSignal::new(0usize);
    let audit_index = StoredValue::new_local((u32::MAX, 0u64, Vec::<u64>::new()));
    let scroll_top = RwSignal::new(0.0f64);
    let hand_account = RwSignal::new(0u32);
    let hand_amount = RwSignal::new(100u32);
    let live = RwSignal::new(String::new());
    let cost_chart = ChartHandle::default();

    // After an action or a jump in time, everything shown follows at once.
    let redraw = move || {
        let Some((c, r, v2)) = run.with(|tl| {
            let at = params::v2_at(tl.actions()).filter(|t| *t <= tl.now_s());
            (*tl.config(), Readout::of(tl), at)
        }) else {
            return;
        };
        config.set(c);
        readout.set(r);
        v2_at.set(v2);
        cost_chart.invalidate();
    };
    let act = move |action: EsAction| {
        run.act(action);
        redraw();
    };
    let reset = move || {
        run.reset(Timeline::new(
            EventSourcing::new(seed.get_untracked(), config.get_untracked()),
            Vec::new(),
        ));
        cursor.set(None);
        replaying.set(false);
        audit_index.set_value((u32::MAX, 0, Vec::new()));
        redraw();
    };
    // The lab's page at time `t`, with the recorded actions (up to `max` of them).
    let page = move |t: f64, paused: bool, max: usize| {
        let (start, actions) = run.link_parts(|s| *s.config(), config.get_untracked(), max);
        frame.page(LabParams::EventSourcing(Params {
            run: Run {
                seed: seed.get_untracked(),
                speed: speed.get_untracked(),
                t,
                paused,
            },
            config: start,
            offset: cursor.get_untracked(),
            actions,
        }))
    };
    let start = |p: &LabParams| match p {
        LabParams::EventSourcing(p) => Some(p.timeline()),
        _ => None,
    };
    Effect::new(move |_| frame.report_time(readout.with(|r| r.now_s)));
    Effect::new(move |ran: Option<()>| {
        // Track every parameter that belongs in the link.
        let _ = (
            seed.get(),
            config.get(),
            cursor.get(),
            v2_at.get(),
            speed.get(),
            paused.get(),
        );
        if ran.is_some() {
            page_url::replace(&page(0.0, paused.get_untracked(), MAX_LINK_ACTIONS).to_query());
        }
    });

    let tape_canvas = NodeRef::<html::Canvas>::new();
    let mut tape = Tape::new(tape_canvas);
    let mut rebuilding = None::<Rebuilding>;
    let (mut clock, mut replay_carry) = (PlayClock::default(), 0.0f64);
    let (mut last_readout, mut last_rebuild, mut last_chart, mut last_live) =
        (f64::MIN, f64::MIN, f64::MIN, 0.0);
    let prefs = theme::watch();
    let frame_stats = frame_loop(move |now| {
        let (Some(is_paused), Some(spd), Some(cur), Some(prefs)) = (
            paused.try_get_untracked(),
            speed.try_get_untracked(),
            cursor.try_get_untracked(),
            prefs.try_get_untracked(),
        ) else {
            return;
        };
        let dt = clock.frame(now);
        let catching_up = run.play(&mut clock, dt, spd, is_paused);
        let Some((head, archived)) = run.with(|s| (s.store().head(), s.store().archived_before()))
        else {
            return;
        };
        let mut cur = cur.map(|c| c.clamp(archived, head));
        if catching_up {
            // The link's own cursor waits for the log to reach it.
            cur = cursor.get_untracked();
        }
        if replaying.get_untracked() {
            replay_carry += pace.get_untracked() * dt / 1e3;
            let step = replay_carry.floor();
            replay_carry -= step;
            let next = cur.unwrap_or(head) + step as u64;
            if next >= head {
                replaying.set(false);
                cur = None;
            } else {
                cur = Some(next);
            }
            cursor.set(cur);
        }
        let offset = cur.unwrap_or(head).min(head);
        run.with(|s| {
            tape.draw(
                s,
                offset,
                cur.is_none(),
                dt,
                prefs.palette,
                !prefs.reduced_motion,
            );
        });
        let target = rebuilding
            .as_ref()
            .map_or_else(|| rebuilt.with_untracked(|r| r.offset), Rebuilding::target);
        let moved = target != offset;
        let wait = if cur.is_none() {
            REBUILD_FOLLOW_MS
        } else {
            REBUILD_MS
        };
        if moved && now - last_rebuild >= wait {
            last_rebuild = now;
            rebuilding = run.with(|s| Rebuilding::start(s, offset));
        }
        if let Some(view) = rebuilding
            .as_mut()
            .and_then(|r| run.with(|s| r.step(s, REPLAY_BUDGET)).flatten())
        {
            rebuilding = None;
            rebuilt.set(view);
        }
        if now - last_readout >= READOUT_MS {
            last_readout = now;
            let Some(r) = run.with(|s| Readout::of(s)) else {
                return;
            };
            if readout.get_untracked() != r {
                readout.set(r);
            }
            run.refresh();
            if now - last_live >= LIVE_MS {
                last_live = now;
                live.set(format!(
                    "{} events in the log; showing the state at offset {}; the read model is {} events behind.",
                    r.head, offset, r.lag_events
                ));
            }
            // Index the audit trail's account as the log grows.
            let account = audit_account.get_untracked();
            let len = run
                .with(|s| {
                    audit_index.try_update_value(|(who, scanned, offsets)| {
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
                .unwrap_or(0);
            if audit_len.get_untracked() != len {
                audit_len.set(len);
            }
        }
        if now - last_chart >= 500.0 {
            last_chart = now;
            run.with(|s| draw_cost(&cost_chart, s, prefs.palette));
        }
    });

    let r = move |f: fn(&Readout) -> f64| Signal::derive(move || f(&readout.get()));
    let rb = move |f: fn(&RebuildView) -> f64| Signal::derive(move || rebuilt.with(f));
    let fold_error = move || {
        rebuilt.with(|r| match (&r.full, &r.snapshot) {
            (Some(Err(e)), _) | (_, Some(Err(e))) => Some(*e),
            _ => None,
        })
    };

    view! {
        <LabPage title="Event sourcing: the log is the truth" intro=text::INTRO embed=frame.embed live=live frame_stats=frame_stats>
            <form class="controls" aria-label="Simulation controls" on:submit=|ev| ev.prevent_default()>
                <EsControls config=config act=act hand_account=hand_account hand_amount=hand_amount v2_at=v2_at outcomes=Signal::derive(move || readout.get().outcomes) />
                <Playback
                    paused=paused
                    speed=speed
                    seed=seed
                    on_step=move |()| {
                        run.step(100);
                        redraw();
                    }
                    on_reset=move |()| reset()
                    link=move |()| page_url::with_query(&page(run.shown_s(), true, MAX_LINK_ACTIONS).to_query())
                />
                {run.bar(Lab::EventSourcing, paused, redraw, page, start)}
            </form>
            <div class="stage">
                <div class="flow">
                    <canvas
                        class="tape"
                        node_ref=tape_canvas
                        role="img"
                        aria-label=move || format!("The event log: {} events; the cursor is at offset {}", readout.get().head, rebuilt.with(|r| r.offset))
                    ></canvas>
                    <p class="flow-key">
                        <span class="swatch queue"></span>"AccountCreated "
                        <span class="swatch served"></span>"MoneyDeposited (outlined: v2) "
                        <span class="swatch dropped"></span>"MoneyWithdrawn "
                        <span class="swatch arrival"></span>"S: snapshot "
                        <span class="swatch rejected"></span>"cursor"
                    </p>
                </div>
                <TimeTravel run=run rebuilt=rebuilt cursor=cursor replaying=replaying pace=pace head=Signal::derive(move || readout.get().head) archived=Signal::derive(move || readout.get().archived) />
                {move || fold_error().map(|e| view! {
                    <div class="notice fold-error" role="alert">
                        <strong>"Rebuild failed: "</strong>
                        {e.to_string()}
                        ". The app keeps running; turn the upcaster back on, or move the cursor past a snapshot taken after v2."
                    </div>
                })}
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
                <p class="policy-text">{text::READ_MODEL}</p>
                <RebuildCost rebuilt=rebuilt />
                <div class="charts">
                    <TimeChart
                        handle=cost_chart
                        title="Events replayed to rebuild, against log length"
                        legend=vec![("without snapshots", "rejected"), ("with the snapshots kept", "served")]
                        summary=Signal::derive(move || format!("Rebuild cost chart: {} events in the log", readout.get().head))
                    />
                </div>
                <div class="readouts" aria-label="Live figures">
                    <Metric name="sim_time_s" label="Simulated time" unit="s" decimals=1 value=r(|r| r.now_s) />
                    <Metric name="events_total" label="Events" unit="total" value=r(|r| r.head as f64) />
                    <Metric name="streams_total" label="Streams" unit="accounts" value=r(|r| r.streams as f64) />
                    <Metric name="commands_total" label="Commands" unit="total" value=r(|r| r.commands as f64) />
                    <Metric name="commands_rejected_total" label="Refused" unit="total" value=r(|r| r.rejected as f64) />
                    <Metric name="conflicts_total" label="Conflicts" unit="total" value=r(|r| r.conflicts as f64) />
                    <Metric name="snapshot_count" label="Snapshots kept" unit="" value=r(|r| r.snapshots as f64) />
                    <Metric name="offset" label="Cursor offset" unit="" value=rb(|r| r.offset as f64) />
                    <Metric name="projection_lag_events" label="Read model lag" unit="events" value=r(|r| r.lag_events as f64) />
                    <Metric name="archived_events" label="Archived" unit="events" value=r(|r| r.archived as f64) />
                </div>
                <AuditTrail run=run account=audit_account len=audit_len index=audit_index scroll_top=scroll_top />
            </div>
        </LabPage>
    }
}
