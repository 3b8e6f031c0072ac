//! The log drawn as a tape of cells, newest on the right, with snapshot markers, the archive
//! boundary and the time-travel cursor. New events slide in from the right.

use leptos::html;
use leptos::prelude::*;

use crate::sim::event_sourcing::store::EventBody;
use crate::sim::event_sourcing::EventSourcing;
use crate::ui::canvas::prepare;
use crate::ui::theme::{css, Palette};

const CELL: f64 = 34.0;
const GAP: f64 = 3.0;

/// The tape's drawing state, owned by the frame loop.
pub struct Tape {
    canvas: NodeRef<html::Canvas>,
    /// The head as drawn: eases towards the real head so appends slide in.
    shown_head: f64,
}

impl Tape {
    /// A tape drawing into `canvas`.
    pub fn new(canvas: NodeRef<html::Canvas>) -> Self {
        Self {
            canvas,
            shown_head: 0.0,
        }
    }

    /// Draws the tape around `cursor` (or at the head when following).
    pub fn draw(
        &mut self,
        sim: &EventSourcing,
        cursor: u64,
        following: bool,
        dt_ms: f64,
        p: Palette,
        animate: bool,
    ) {
        let Some(canvas) = self.canvas.get_untracked() else {
            return;
        };
        let Some((ctx, w, _)) = prepare(&canvas, &css(p.bg, 1.0)) else {
            return;
        };

        let store = sim.store();
        let head = store.head() as f64;
        // Ease the drawn head towards the real one (a jump of many events snaps).
        if !animate || (head - self.shown_head).abs() > 200.0 || head < self.shown_head {
            self.shown_head = head;
        } else {
            self.shown_head += (head - self.shown_head) * (1.0 - (-dt_ms / 120.0).exp());
        }
        let slots = ((w - 8.0) / (CELL + GAP)).floor().max(1.0);
        // The right edge of the window, in offsets: the head, or a little past the cursor.
        let right = if following {
            self.shown_head
        } else {
            (cursor as f64 + slots / 2.0).min(head).max(slots.min(head))
        };
        let left = (right - slots).max(0.0);
        let x_of = |offset: f64| 4.0 + (offset - (right - slots)) * (CELL + GAP);
        let top = 26.0;
        ctx.set_font("11px system-ui, sans-serif");
        ctx.set_text_baseline("middle");
        ctx.set_text_align("center");
        let first = left.floor() as u64;
        for (offset, event) in store.range(first, right.ceil() as u64) {
            let x = x_of(offset as f64);
            let (color, label) = match event.body {
                EventBody::AccountCreated => (p.queue, "new".to_owned()),
                EventBody::MoneyDepositedV1 { amount }
                | EventBody::MoneyDepositedV2 { amount, .. } => (p.served, format!("+{amount}")),
                EventBody::MoneyWithdrawn { amount } => (p.dropped, format!("−{amount}")),
            };
            let folded = offset < cursor;
            ctx.set_fill_style_str(&css(color, if folded { 0.85 } else { 0.3 }));
            ctx.fill_rect(x, top, CELL, 40.0);
            if event.body.schema() == 2 {
                ctx.set_stroke_style_str(&css(p.fg, 0.9));
                ctx.set_line_width(2.0);
                ctx.stroke_rect(x + 1.0, top + 1.0, CELL - 2.0, 38.0);
            }
            ctx.set_fill_style_str(&css(p.fg, 1.0));
            let _ = ctx.fill_text(&label, x + CELL / 2.0, top + 13.0);
            let _ = ctx.fill_text(&format!("a{}", event.stream), x + CELL / 2.0, top + 29.0);
        }
        // Snapshot markers sit on the boundary before the first event they do not include.
        ctx.set_fill_style_str(&css(p.arrival, 1.0));
        ctx.set_stroke_style_str(&css(p.arrival, 1.0));
        ctx.set_line_width(2.0);
        for s in sim
            .snapshots()
            .offsets()
            .filter(|o| (*o as f64) >= left && (*o as f64) <= right)
        {
            let x = x_of(s as f64) - GAP / 2.0;
            ctx.begin_path();
            ctx.move_to(x, top - 6.0);
            ctx.line_to(x, top + 46.0);
            ctx.stroke();
            let _ = ctx.fill_text("S", x, top - 12.0);
        }
        let archived = store.archived_before() as f64;
        if archived > left {
            ctx.set_fill_style_str(&css(p.grid, 0.8));
            ctx.fill_rect(4.0, top, x_of(archived) - 4.0, 40.0);
            ctx.set_fill_style_str(&css(p.fg, 1.0));
            let _ = ctx.fill_text("archived", (4.0 + x_of(archived)) / 2.0, top + 20.0);
        }
        // The cursor: the state shown is after every event to its left.
        let cx = x_of(cursor as f64) - GAP / 2.0;
        ctx.set_stroke_style_str(&css(p.rejected, 1.0));
        ctx.set_line_width(3.0);
        ctx.begin_path();
        ctx.move_to(cx, top - 8.0);
        ctx.line_to(cx, top + 50.0);
        ctx.stroke();
        ctx.set_text_align("left");
        ctx.set_fill_style_str(&css(p.fg, 1.0));
        let _ = ctx.fill_text(
            &format!(
                "offset {cursor} of {}{}",
                store.head(),
                if following {
                    " (following the head)"
                } else {
                    ""
                }
            ),
            4.0,
            top + 62.0,
        );
        ctx.set_text_align("start");
    }
}
