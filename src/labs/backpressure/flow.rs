//! The animated picture: producer → queue → workers, with messages as moving dots.
//!
//! Dots are spawned from the engine's counters, never simulated here: at high rates one dot
//! stands for many messages (the ladder below keeps it near 40 dots a second per stream).
//! Bound: at most [`MAX_PARTICLES`] dots in flight.

use leptos::html;
use leptos::prelude::*;
use web_sys::CanvasRenderingContext2d;

use crate::sim::backpressure::BackpressureSim;
use crate::sim::metrics::Counters;
use crate::sim::queue::OverflowPolicy;
use crate::sim::seconds;
use crate::ui::canvas::prepare;
use crate::ui::theme::{css, Palette};

const MAX_PARTICLES: usize = 400;
const TRAVEL_MS: f64 = 900.0;
const FALL_MS: f64 = 1_100.0;
const LADDER: [u64; 12] = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1_000, 2_000, 5_000];
/// Dots a second per stream the ladder aims at.
const DOTS_PER_SECOND: f64 = 40.0;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Arrive,
    Serve,
    Reject,
    Drop,
    Lose,
}

#[derive(Clone, Copy)]
struct Particle {
    kind: Kind,
    born_ms: f64,
    /// A fixed offset in `-1..1` so dots do not all ride one line.
    lane: f64,
}

/// The animation state, owned by the frame loop.
pub struct Flow {
    canvas: NodeRef<html::Canvas>,
    particles: Vec<Particle>,
    seen: Counters,
    carry: [u64; 5],
    per_dot: u64,
    lane_seed: u64,
}

/// Messages one dot stands for at `rate` messages a simulated second played at `speed`.
pub fn messages_per_dot(rate: f64, speed: f64) -> u64 {
    let wanted = rate * speed / DOTS_PER_SECOND;
    LADDER
        .into_iter()
        .find(|&k| k as f64 >= wanted)
        .unwrap_or(LADDER[LADDER.len() - 1])
}

struct Layout {
    /// Narrow canvases (phones) get shorter labels.
    compact: bool,
    w: f64,
    h: f64,
    mid: f64,
    producer: (f64, f64, f64, f64),
    tank: (f64, f64, f64, f64),
    workers_x: f64,
    exit_x: f64,
}

impl Layout {
    fn new(w: f64, h: f64) -> Self {
        let compact = w < 560.0;
        let mid = h * 0.5;
        let tank_x = if compact { 78.0 } else { (w * 0.22).max(110.0) };
        let workers_x = if compact { w - 84.0 } else { w * 0.74 };
        Self {
            compact,
            w,
            h,
            mid,
            producer: (8.0, mid - 30.0, (tank_x - 24.0).min(96.0), 60.0),
            tank: (tank_x, mid - 22.0, workers_x - tank_x - 24.0, 44.0),
            workers_x,
            exit_x: w - 6.0,
        }
    }
}

impl Flow {
    /// A flow drawing into `canvas`.
    pub fn new(canvas: NodeRef<html::Canvas>) -> Self {
        Self {
            canvas,
            particles: Vec::new(),
            seen: Counters::default(),
            carry: [0; 5],
            per_dot: 1,
            lane_seed: 1,
        }
    }

    /// Spawns dots for what happened since the last frame. Returns messages per dot.
    pub fn update(&mut self, sim: &BackpressureSim, now_ms: f64, speed: f64, animate: bool) -> u64 {
        let t = *sim.totals();
        if t.arrived < self.seen.arrived {
            // The run was reset.
            self.seen = Counters::default();
            self.particles.clear();
        }
        let rate = f64::from(sim.config().producer_rate).max(f64::from(sim.config().consumer_rate));
        self.per_dot = messages_per_dot(rate, speed);
        let deltas = [
            (Kind::Arrive, t.arrived - self.seen.arrived),
            (Kind::Serve, t.completed - self.seen.completed),
            (Kind::Reject, t.rejected - self.seen.rejected),
            (Kind::Drop, t.dropped - self.seen.dropped),
            (Kind::Lose, t.lost - self.seen.lost),
        ];
        self.seen = t;
        self.particles
            .retain(|p| now_ms - p.born_ms < FALL_MS.max(TRAVEL_MS));
        for (i, (kind, delta)) in deltas.into_iter().enumerate() {
            self.carry[i] += delta;
            let dots = self.carry[i] / self.per_dot;
            self.carry[i] %= self.per_dot;
            if !animate {
                continue;
            }
            for _ in 0..dots.min(8) {
                if self.particles.len() >= MAX_PARTICLES {
                    break;
                }
                // xorshift: a lane offset only, nothing to do with the simulation's randomness.
                self.lane_seed ^= self.lane_seed << 13;
                self.lane_seed ^= self.lane_seed >> 7;
                self.lane_seed ^= self.lane_seed << 17;
                let lane = (self.lane_seed % 2_000) as f64 / 1_000.0 - 1.0;
                self.particles.push(Particle {
                    kind,
                    born_ms: now_ms,
                    lane,
                });
            }
        }
        self.per_dot
    }

    /// Draws the whole picture for this frame.
    pub fn draw(&self, sim: &BackpressureSim, now_ms: f64, p: Palette) {
        let Some(canvas) = self.canvas.get_untracked() else {
            return;
        };
        let Some((ctx, cw, ch)) = prepare(&canvas, &css(p.bg, 1.0)) else {
            return;
        };
        let l = Layout::new(cw, ch);
        ctx.set_font("12px system-ui, sans-serif");
        ctx.set_text_baseline("middle");
        self.draw_producer(&ctx, &l, sim, p);
        self.draw_queue(&ctx, &l, sim, p);
        self.draw_workers(&ctx, &l, sim, p);
        for particle in &self.particles {
            draw_particle(&ctx, &l, particle, now_ms, p);
        }
        if let Some(until) = sim.down_until() {
            let left = seconds(until.saturating_sub(sim.now()));
            ctx.set_fill_style_str(&css(p.rejected, 0.12));
            ctx.fill_rect(l.tank.0 - 10.0, 4.0, l.w - l.tank.0 + 6.0, l.h - 8.0);
            ctx.set_fill_style_str(&css(p.rejected, 1.0));
            ctx.set_font("bold 14px system-ui, sans-serif");
            let _ = ctx.fill_text("Consumer out of memory", l.tank.0, 16.0);
            let _ = ctx.fill_text(&format!("restarting in {left:.1} s"), l.tank.0, 34.0);
        }
    }

    fn draw_producer(
        &self,
        ctx: &CanvasRenderingContext2d,
        l: &Layout,
        sim: &BackpressureSim,
        p: Palette,
    ) {
        let (x, y, w, h) = l.producer;
        let blocked = sim.producer_blocked();
        ctx.set_fill_style_str(&css(p.arrival, if blocked { 0.35 } else { 0.15 }));
        ctx.fill_rect(x, y, w, h);
        ctx.set_stroke_style_str(&css(p.arrival, 1.0));
        ctx.set_line_width(1.5);
        ctx.stroke_rect(x, y, w, h);
        ctx.set_fill_style_str(&css(p.fg, 1.0));
        let _ = ctx.fill_text("Producer", x + 6.0, y + 16.0);
        let rate = sim.config().producer_rate;
        let rate = if l.compact && rate >= 1_000 {
            format!("{:.3}k/s", f64::from(rate) / 1e3).replace(".000", "")
        } else {
            format!("{rate}/s")
        };
        let _ = ctx.fill_text(&rate, x + 6.0, y + 34.0);
        if blocked {
            ctx.set_fill_style_str(&css(p.dropped, 1.0));
            let _ = ctx.fill_text("waiting…", x + 8.0, y + 50.0);
        }
    }

    fn draw_queue(
        &self,
        ctx: &CanvasRenderingContext2d,
        l: &Layout,
        sim: &BackpressureSim,
        p: Palette,
    ) {
        let (x, y, w, h) = l.tank;
        let c = sim.config();
        let depth = sim.queue_depth() as f64;
        let (limit, what) = if c.policy == OverflowPolicy::Unbounded {
            (c.memory_limit_messages() as f64, "memory")
        } else {
            (f64::from(c.capacity), "capacity")
        };
        let frac = (depth / limit.max(1.0)).clamp(0.0, 1.0);
        ctx.set_fill_style_str(&css(p.grid, 0.5));
        ctx.fill_rect(x, y, w, h);
        // The head of the queue is on the right, next to the workers.
        let fill = if frac > 0.9 { p.rejected } else { p.queue };
        ctx.set_fill_style_str(&css(fill, 0.75));
        ctx.fill_rect(x + w * (1.0 - frac), y, w * frac, h);
        ctx.set_stroke_style_str(&css(p.fg, 0.8));
        ctx.set_line_width(1.5);
        ctx.stroke_rect(x, y, w, h);
        ctx.set_fill_style_str(&css(p.fg, 1.0));
        let label = if l.compact {
            format!("Queue {depth} / {limit}")
        } else {
            format!(
                "Queue: {depth} waiting, {:.0}% of {what} ({limit})",
                frac * 100.0
            )
        };
        let _ = ctx.fill_text(&label, x, y - 12.0);
        let mib = sim.memory_used() as f64 / (1024.0 * 1024.0);
        let _ = ctx.fill_text(
            &format!("memory {mib:.1} / {} MiB", c.memory_mb),
            x,
            y + h + 14.0,
        );
    }

    fn draw_workers(
        &self,
        ctx: &CanvasRenderingContext2d,
        l: &Layout,
        sim: &BackpressureSim,
        p: Palette,
    ) {
        let pool = sim.workers();
        // Two columns of eight beside their label; on a phone, four by four under it.
        let rows = if l.compact { 4 } else { 8 };
        let size = ((l.h - 60.0) / rows as f64).clamp(8.0, 18.0);
        let gap = 3.0;
        let top = l.mid - (size + gap) * rows as f64 / 2.0 + gap / 2.0;
        for (i, slot) in pool.slots().iter().enumerate() {
            let active = i < pool.active();
            if !active && slot.is_none() {
                continue;
            }
            let col = (i / rows) as f64;
            let row = (i % rows) as f64;
            let (x, y) = (l.workers_x + col * (size + gap), top + row * (size + gap));
            let alpha = if active { 1.0 } else { 0.35 };
            if slot.is_some() {
                ctx.set_fill_style_str(&css(p.served, 0.8 * alpha));
                ctx.fill_rect(x, y, size, size);
            }
            ctx.set_stroke_style_str(&css(p.fg, 0.6 * alpha));
            ctx.set_line_width(1.0);
            ctx.stroke_rect(x, y, size, size);
        }
        ctx.set_fill_style_str(&css(p.fg, 1.0));
        let busy = format!("{} busy", pool.busy());
        if l.compact {
            ctx.set_text_align("right");
            let _ = ctx.fill_text(&format!("Workers: {busy}"), l.w - 4.0, top - 12.0);
            ctx.set_text_align("left");
        } else {
            let label_x = l.workers_x + 2.0 * (size + gap) + 6.0;
            let _ = ctx.fill_text("Workers", label_x, top + 6.0);
            let _ = ctx.fill_text(&busy, label_x, top + 24.0);
        }
    }
}

fn ease(t: f64) -> f64 {
    t * t * (3.0 - 2.0 * t)
}

fn draw_particle(
    ctx: &CanvasRenderingContext2d,
    l: &Layout,
    particle: &Particle,
    now_ms: f64,
    p: Palette,
) {
    let age = now_ms - particle.born_ms;
    let lane = particle.lane * 14.0;
    let (tank_x, _, tank_w, _) = l.tank;
    let (color, x, y, alpha) = match particle.kind {
        Kind::Arrive => {
            let t = ease((age / TRAVEL_MS).min(1.0));
            let x0 = l.producer.0 + l.producer.2;
            (p.arrival, x0 + (tank_x - x0) * t, l.mid + lane * t, 1.0)
        }
        Kind::Serve => {
            let t = (age / TRAVEL_MS).min(1.0);
            (
                p.served,
                l.workers_x + (l.exit_x - l.workers_x) * t,
                l.mid + lane * 3.0,
                1.0 - t,
            )
        }
        Kind::Reject => {
            let t = (age / FALL_MS).min(1.0);
            (
                p.rejected,
                tank_x - 8.0 - 20.0 * t + lane,
                l.mid + (l.h - l.mid) * t * t,
                1.0 - t * 0.7,
            )
        }
        Kind::Drop => {
            let t = (age / FALL_MS).min(1.0);
            (
                p.dropped,
                tank_x + tank_w - 8.0 + lane,
                l.mid + 24.0 + (l.h - l.mid) * t * t,
                1.0 - t * 0.7,
            )
        }
        Kind::Lose => {
            let t = (age / FALL_MS).min(1.0);
            let angle = particle.lane * std::f64::consts::PI;
            let r = 10.0 + 90.0 * t;
            (
                p.rejected,
                tank_x + tank_w / 2.0 + r * angle.cos(),
                l.mid + r * angle.sin(),
                1.0 - t,
            )
        }
    };
    ctx.set_fill_style_str(&css(color, alpha.max(0.0)));
    ctx.begin_path();
    let _ = ctx.arc(x, y, 4.0, 0.0, std::f64::consts::TAU);
    ctx.fill();
}
