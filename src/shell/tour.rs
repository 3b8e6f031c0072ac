//! The tour: the guide's path through the patterns, each part with when to use it and when
//! not, and, where a lab exists, a live miniature of it (a small run of the lab's own engine)
//! and links into the lab and its guide.

use leptos::html;
use leptos::prelude::*;

use crate::course::tour::{Part, PARTS};
use crate::link::registry::Lab;
use crate::sim::arrivals::ArrivalPattern;
use crate::sim::backpressure::{BackpressureConfig, BackpressureSim};
use crate::sim::event_sourcing::store::EventBody;
use crate::sim::event_sourcing::{EsConfig, EventSourcing};
use crate::sim::queue::OverflowPolicy;
use crate::sim::{nanos, Replay};
use crate::ui::canvas::prepare;
use crate::ui::frame::{frame_loop, PlayClock};
use crate::ui::theme::{self, css, Palette};

/// The miniatures redraw at most this often, ms of real time: they are decoration.
const DRAW_MS: f64 = 50.0;
/// With reduced motion the miniatures show this moment, still.
const STILL_AT_S: f64 = 12.3;
/// Events shown on the miniature tape.
const TAPE_EVENTS: u64 = 10;
/// The miniatures open this far into their runs, so the first picture already says something.
const WARM_UP_S: f64 = 10.0;

/// Bursts into a bounded queue that fills, refuses and drains again.
fn mini_backpressure() -> BackpressureSim {
    let mut sim = BackpressureSim::new(
        1,
        BackpressureConfig {
            producer_rate: 6_000,
            arrivals: ArrivalPattern::Burst,
            consumer_rate: 5_000,
            workers: 1,
            capacity: 2_000,
            policy: OverflowPolicy::Reject,
            ..BackpressureConfig::default()
        },
    );
    sim.advance_to(nanos(WARM_UP_S));
    sim
}

/// A slow stream of commands over a few accounts.
fn mini_event_sourcing() -> EventSourcing {
    let mut sim = EventSourcing::new(
        1,
        EsConfig {
            command_rate: 6,
            accounts: 4,
            snapshot_every: 100,
            ..EsConfig::default()
        },
    );
    sim.advance_to(nanos(WARM_UP_S));
    sim
}

fn draw_queue(canvas: &web_sys::HtmlCanvasElement, sim: &BackpressureSim, p: Palette) {
    let Some((ctx, w, h)) = prepare(canvas, &css(p.bg, 1.0)) else {
        return;
    };
    let cap = f64::from(sim.config().capacity).max(1.0);
    // The queue as a bar on the left, its depth over the last ten seconds beside it.
    let fill = (sim.queue_depth() as f64 / cap).min(1.0);
    ctx.set_stroke_style_str(&css(p.grid, 1.0));
    ctx.stroke_rect(4.5, 4.5, 24.0, h - 9.0);
    ctx.set_fill_style_str(&css(p.queue, 1.0));
    ctx.fill_rect(
        5.0,
        5.0 + (h - 10.0) * (1.0 - fill),
        23.0,
        (h - 10.0) * fill,
    );
    let (x0, span) = (40.0, 10.0);
    let now = sim.now_s();
    ctx.begin_path();
    ctx.set_stroke_style_str(&css(p.queue, 1.0));
    ctx.set_line_width(2.0);
    let mut first = true;
    for s in sim.history().filter(|s| s.t_s >= now - span) {
        let x = x0 + (w - x0 - 4.0) * (1.0 - (now - s.t_s) / span);
        let y = h - 5.0 - (h - 10.0) * (f64::from(s.queue_depth) / cap).min(1.0);
        if first {
            ctx.move_to(x, y);
            first = false;
        } else {
            ctx.line_to(x, y);
        }
    }
    ctx.stroke();
    let rejecting = sim.window().rejected_rate > 0.0;
    ctx.set_fill_style_str(&css(if rejecting { p.rejected } else { p.fg }, 1.0));
    ctx.set_font("12px system-ui, sans-serif");
    let label = if rejecting {
        "queue full: 429"
    } else {
        "queue depth, last 10 s"
    };
    let _ = ctx.fill_text(label, x0, 14.0);
}

fn draw_tape(canvas: &web_sys::HtmlCanvasElement, sim: &EventSourcing, p: Palette) {
    let Some((ctx, w, h)) = prepare(canvas, &css(p.bg, 1.0)) else {
        return;
    };
    let store = sim.store();
    let head = store.head();
    let from = head
        .saturating_sub(TAPE_EVENTS)
        .max(store.archived_before());
    let cell = (w - 8.0) / TAPE_EVENTS as f64;
    let tall = (cell * 1.4).min(h - 34.0);
    let y = 26.0;
    ctx.set_font("10px system-ui, sans-serif");
    ctx.set_text_align("center");
    for (o, e) in store.range(from, head) {
        let x = 4.0 + (TAPE_EVENTS - (head - o)) as f64 * cell;
        let (color, label) = match e.body {
            EventBody::AccountCreated => (p.queue, "open".to_owned()),
            EventBody::MoneyDepositedV1 { amount } | EventBody::MoneyDepositedV2 { amount, .. } => {
                (p.served, format!("+{amount}"))
            }
            EventBody::MoneyWithdrawn { amount } => (p.dropped, format!("−{amount}")),
        };
        ctx.set_fill_style_str(&css(color, 1.0));
        ctx.fill_rect(x + 1.0, y, cell - 2.0, tall);
        ctx.set_fill_style_str(&css(p.bg, 1.0));
        let _ = ctx.fill_text(&label, x + cell / 2.0, y + tall / 2.0 + 4.0);
        ctx.set_fill_style_str(&css(p.fg, 1.0));
        let _ = ctx.fill_text(&format!("a{}", e.stream), x + cell / 2.0, y + tall + 12.0);
        if sim
            .snapshots()
            .at_or_before(o)
            .is_some_and(|s| s.offset == o)
        {
            ctx.set_fill_style_str(&css(p.arrival, 1.0));
            ctx.fill_rect(x, y - 4.0, 2.0, tall + 8.0);
        }
    }
    ctx.set_text_align("start");
    ctx.set_fill_style_str(&css(p.fg, 1.0));
    ctx.set_font("12px system-ui, sans-serif");
    let _ = ctx.fill_text(&format!("{head} events, newest on the right"), 4.0, 14.0);
}

/// The tour page.
#[component]
pub fn Tour() -> impl IntoView {
    let bp_canvas = NodeRef::<html::Canvas>::new();
    let es_canvas = NodeRef::<html::Canvas>::new();
    let bp = StoredValue::new_local(mini_backpressure());
    let es = StoredValue::new_local(mini_event_sourcing());
    let prefs = theme::watch();
    let (mut clock, mut last_draw) = (PlayClock::default(), f64::MIN);
    let _ = frame_loop(move |now_ms| {
        let Some(prefs) = prefs.try_get_untracked() else {
            return;
        };
        let dt = clock.frame(now_ms);
        if now_ms - last_draw < DRAW_MS {
            return;
        }
        last_draw = now_ms;
        // Reduced motion: one still moment; otherwise real time.
        let target = |now: u64| {
            if prefs.reduced_motion {
                nanos(STILL_AT_S).max(now)
            } else {
                now + nanos(dt.max(DRAW_MS) / 1e3)
            }
        };
        let _ = bp.try_update_value(|s| {
            s.advance_to(target(s.now()));
            if let Some(c) = bp_canvas.get_untracked() {
                draw_queue(&c, s, prefs.palette);
            }
        });
        let _ = es.try_update_value(|s| {
            s.advance_to(target(s.now()));
            if let Some(c) = es_canvas.get_untracked() {
                draw_tape(&c, s, prefs.palette);
            }
        });
    });
    let miniature = move |lab: &str| match Lab::from_key(lab) {
        Some(Lab::Backpressure) => Some(view! {
            <canvas class="miniature" node_ref=bp_canvas role="img" aria-label="A live miniature: bursts fill a bounded queue, it refuses the excess with 429s, then drains"></canvas>
        }),
        Some(Lab::EventSourcing) => Some(view! {
            <canvas class="miniature" node_ref=es_canvas role="img" aria-label="A live miniature: events appended to a log, with snapshot marks"></canvas>
        }),
        // Its lab's picture says more than a miniature would.
        Some(Lab::Async | Lab::Views | Lab::Cqrs | Lab::Gateway | Lab::Streams | Lab::Pipeline)
        | None => None,
    };
    view! {
        <section class="tour" aria-labelledby="tour-title">
            <h2 id="tour-title" tabindex="-1">"The tour: how systems scale, one pattern at a time"</h2>
            <p class="intro">
                "Each part says what a pattern is for, when it pays and when it does not. Where a lab exists, a small live run of it plays beside the text: open the lab to play with it, or take its guide, which asks you to predict before it shows you what the simulation measures."
            </p>
            <nav class="tour-toc" aria-label="Parts of the tour">
                <ol>
                    {PARTS.iter().map(|p| view! { <li><a href=format!("#{}", p.id)>{p.title}</a></li> }).collect_view()}
                </ol>
            </nav>
            {PARTS.iter().map(|p| view! { <TourPart part=*p miniature=p.lab.and_then(miniature) /> }).collect_view()}
        </section>
    }
}

#[component]
fn TourPart(part: Part, miniature: Option<impl IntoView + 'static>) -> impl IntoView {
    let lab = part.lab.and_then(Lab::from_key);
    view! {
        <article class="tour-part" id=part.id aria-labelledby=format!("{}-title", part.id)>
            <div class="tour-text">
                <h3 id=format!("{}-title", part.id)>{part.title}</h3>
                <p>{part.body}</p>
                {(!part.use_when.is_empty())
                    .then(|| {
                        view! {
                            <dl class="when">
                                <dt>"Use it when"</dt>
                                <dd>{part.use_when}</dd>
                                <dt>"Avoid it when"</dt>
                                <dd>{part.avoid_when}</dd>
                            </dl>
                        }
                    })}
                {lab.map(|lab| {
                    // "the event sourcing lab", but an acronym stays as it is: "the CQRS lab".
                    let title = lab.title();
                    let name = if title.chars().nth(1).is_some_and(char::is_uppercase) {
                        title.to_owned()
                    } else {
                        title.to_lowercase()
                    };
                    view! {
                        <p class="buttons tour-links">
                            <a class="button" href=format!("?lab={}&step=1", lab.key())>
                                "Take the guide"
                            </a>
                            <a href=format!("?lab={}", lab.key())>{format!("Open the {name} lab")}</a>
                        </p>
                    }
                })}
                {(!part.more.is_empty()).then(|| view! {
                    <ul class="tour-more">
                        {part.more.iter().map(|(text, query)| view! { <li><a href=*query>{*text}</a></li> }).collect_view()}
                    </ul>
                })}
            </div>
            {miniature}
        </article>
    }
}
