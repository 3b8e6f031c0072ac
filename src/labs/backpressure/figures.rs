//! The back-pressure lab's figures: the readouts copied out of the engine, the live numbers
//! and the theory beside them.

use leptos::prelude::*;

use crate::page::lab::{figure, key, Figure};
use crate::sim::backpressure::{BackpressureConfig, BackpressureSim, Prediction};
use crate::sim::metrics::{Counters, WindowStats};
use crate::sim::queue::OverflowPolicy;
use crate::sim::seconds;
use crate::ui::controls::{group, Panel};

/// Figures copied out of the engine for the page, refreshed about ten times a second.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Readout {
    pub now_s: f64,
    pub totals: Counters,
    pub window: WindowStats,
    pub queue_depth: usize,
    pub in_service: usize,
    pub memory_mib: f64,
    pub down_for_s: Option<f64>,
    pub blocked: bool,
    /// The settings in force (the summary names their limits).
    pub config: BackpressureConfig,
}

impl From<&BackpressureSim> for Readout {
    fn from(sim: &BackpressureSim) -> Self {
        Self {
            now_s: sim.now_s(),
            totals: *sim.totals(),
            window: *sim.window(),
            queue_depth: sim.queue_depth(),
            in_service: sim.in_service(),
            memory_mib: sim.memory_used() as f64 / (1024.0 * 1024.0),
            down_for_s: sim
                .down_until()
                .map(|t| seconds(t.saturating_sub(sim.now()))),
            blocked: sim.producer_blocked(),
            config: *sim.config(),
        }
    }
}

impl Readout {
    /// Of the messages that left the system in the last second, the share that left without
    /// being served: bounded by 1 even when a crash empties a queue filled earlier.
    pub fn turned_away_share(&self) -> f64 {
        let c = self.window.counts;
        let unserved = c.rejected + c.dropped + c.lost;
        let left = unserved + c.completed;
        if left == 0 {
            0.0
        } else {
            unserved as f64 / left as f64
        }
    }

    /// What a screen reader hears: the queue, the rates, and whatever is going wrong.
    pub fn summary(&self) -> String {
        let c = &self.config;
        let w = &self.window;
        let mut s = format!(
            "At {:.0} seconds: {} messages waiting; {} a second arriving, {} a second served.",
            self.now_s,
            group(self.queue_depth as f64),
            group(w.arrival_rate),
            group(w.throughput)
        );
        if w.rejected_rate > 0.0 {
            s += &format!(" Rejecting {} a second.", group(w.rejected_rate));
        }
        if w.dropped_rate > 0.0 {
            s += &format!(" Dropping {} a second.", group(w.dropped_rate));
        }
        if self.blocked {
            s += " The producer is waiting for room.";
        }
        if let Some(left) = self.down_for_s {
            s += &format!(" The consumer ran out of memory and restarts in {left:.0} seconds; {} messages lost so far.", group(self.totals.lost as f64));
        } else if c.policy == OverflowPolicy::Unbounded
            && self.queue_depth > c.memory_limit_messages() / 2
        {
            s += " Memory is more than half full.";
        }
        s
    }
}

fn pct(x: f64) -> String {
    format!("{:.1}%", x * 100.0)
}

/// Every figure, the key ones first.
#[rustfmt::skip] // One figure a line: a table to read down.
pub const FIGURES: [Figure<Readout>; 21] = [
    key(figure("queue_depth", "Queue depth", "msg", 0, |r| r.queue_depth as f64)),
    key(figure("throughput", "Throughput", "msg/s", 0, |r| r.window.throughput)),
    key(figure("latency_p99_ms", "Latency p99", "ms", 2, |r| r.window.latency_p99_ms)),
    key(figure("rejected_total", "Rejected", "total", 0, |r| r.totals.rejected as f64)),
    key(figure("dropped_total", "Dropped", "total", 0, |r| r.totals.dropped as f64)),
    key(figure("lost_total", "Lost in crashes", "total", 0, |r| r.totals.lost as f64)),
    figure("in_service", "In service", "msg", 0, |r| r.in_service as f64),
    figure("arrival_rate", "Arrival rate", "msg/s", 0, |r| r.window.arrival_rate),
    figure("rejected_rate", "Rejected", "msg/s", 0, |r| r.window.rejected_rate),
    figure("dropped_rate", "Dropped", "msg/s", 0, |r| r.window.dropped_rate),
    figure("latency_p50_ms", "Latency p50", "ms", 2, |r| r.window.latency_p50_ms),
    figure("utilization", "Utilisation", "", 3, |r| r.window.utilization),
    figure("arrived_total", "Arrived", "total", 0, |r| r.totals.arrived as f64),
    figure("accepted_total", "Accepted", "total", 0, |r| r.totals.accepted as f64),
    figure("completed_total", "Completed", "total", 0, |r| r.totals.completed as f64),
    figure("crashes_total", "Crashes", "total", 0, |r| r.totals.crashes as f64),
    figure("memory_mib", "Queue memory", "MiB", 1, |r| r.memory_mib),
    figure("in_system", "In the system (waiting or in service)", "msg", 0, |r| (r.queue_depth + r.in_service) as f64),
    figure("turned_away_share", "Turned away, of those that left (last second)", "share", 3, |r| r.turned_away_share()),
    figure("mean_in_system", "In the system, averaged over the last second (L)", "msg", 2, |r| r.window.mean_in_system),
    figure("little_lambda_w", "Admitted rate × mean time inside (λW)", "msg", 2, |r| r.window.little_l()),
];

/// Theory beside the measurement.
#[component]
pub fn Theory(
    readout: RwSignal<Readout>,
    prediction: Memo<Prediction>,
    config: RwSignal<BackpressureConfig>,
) -> impl IntoView {
    let measured_loss = move || readout.with(Readout::turned_away_share);

    view! {
        <Panel id="theory" class="theory" title="Theory beside the measurement">
            <dl>
                <dt>"Offered load ρ = λ / (c·μ)"</dt>
                <dd>
                    <span data-metric="rho">{move || format!("{:.3}", prediction.get().rho)}</span>
                    {move || if prediction.get().rho > 1.0 { " — more work than the workers can do" } else { " — the workers can keep up" }}
                    ", measured utilisation "
                    {move || format!("{:.3}", readout.get().window.utilization)}
                </dd>
                <dt>"Little's law L = λW (in a steady state)"</dt>
                <dd>
                    "L measured "
                    <span data-metric="little_l_measured">{move || format!("{:.1}", readout.get().window.mean_in_system)}</span>
                    " vs λW "
                    <span data-metric="little_l_predicted">{move || format!("{:.1}", readout.get().window.little_l())}</span>
                    {move || {
                        let w = readout.get().window;
                        let (l, lw) = (w.mean_in_system, w.little_l());
                        if l.max(lw) < 1e-9 {
                            String::new()
                        } else {
                            format!(" ({} apart)", pct((l - lw).abs() / l.max(lw)))
                        }
                    }}
                </dd>
                <dt>"Share of messages turned away or lost (last second)"</dt>
                <dd>
                    "measured "
                    <span data-metric="loss_measured">{move || format!("{:.4}", measured_loss())}</span>
                    {move || {
                        let p = prediction.get();
                        let c = config.get();
                        match (p.mmck, c.policy) {
                            (Some(m), OverflowPolicy::Block) => {
                                format!("; M/M/c/K predicts the producer waits {} of the time and nothing is lost", pct(m.loss))
                            }
                            (Some(m), _) => format!("; M/M/c/K predicts {} (mean latency {:.2} ms)", pct(m.loss), m.mean_sojourn_s * 1e3),
                            (None, OverflowPolicy::Unbounded) => {
                                if p.rho > 1.0 {
                                    "; unbounded: nothing is refused, the queue grows until memory runs out".to_owned()
                                } else {
                                    "; unbounded: nothing is refused, and at ρ < 1 the queue stays bounded on average".to_owned()
                                }
                            }
                            (None, _) => {
                                format!("; if arrivals and service were perfectly regular: {} (choose Poisson arrivals and exponential service for the exact M/M/c/K figure)", pct(p.fluid_loss))
                            }
                        }
                    }}
                </dd>
            </dl>
        </Panel>
    }
}
