//! The event log's cursor, frame by frame: where it is (clamped to the log, or waiting for a
//! link's run to reach it), the replay that moves it on at its pace, the tape drawn around it,
//! and the two rebuilds of its state (from scratch and from a snapshot), spread over frames.

use leptos::prelude::*;

use super::rebuild::{RebuildView, Rebuilding};
use super::tape::Tape;
use crate::page::run::RunCtl;
use crate::sim::event_sourcing::EventSourcing;
use crate::ui::frame::PlayClock;
use crate::ui::theme::Preferences;

/// How often the rebuild comparison reruns while the cursor moves, ms of real time.
const REBUILD_MS: f64 = 150.0;
/// How often it reruns while following the head.
const REBUILD_FOLLOW_MS: f64 = 1_000.0;
/// Events the rebuild comparison may fold per frame: a few milliseconds of work.
const REPLAY_BUDGET: u64 = 100_000;

/// The cursor and what follows it each frame.
pub struct Scrub {
    /// The run.
    pub run: RunCtl<EventSourcing>,
    /// The offset shown (`None`: following the head).
    pub cursor: RwSignal<Option<u64>>,
    /// Replaying from the cursor at `pace` events a second.
    pub replaying: RwSignal<bool>,
    /// Events a second the replay moves the cursor.
    pub pace: RwSignal<f64>,
    /// The cursor's state, rebuilt both ways.
    pub rebuilt: RwSignal<RebuildView>,
    /// The tape.
    pub tape: Tape,
    /// A rebuild under way.
    pub rebuilding: Option<Rebuilding>,
    /// Real time between frames (capped, so a tab left in the background does not jump).
    pub clock: PlayClock,
    /// Events of replay owed to the cursor, less than one.
    pub carry: f64,
    /// When the last rebuild started, ms.
    pub last_rebuild: f64,
}

impl Scrub {
    /// A frame at `now` ms.
    pub fn frame(&mut self, now: f64, prefs: Preferences) {
        let dt = self.clock.frame(now);
        let Some(cur) = self.cursor.try_get_untracked() else {
            return;
        };
        let catching_up = self.run.catching_up();
        let Some((head, archived)) = self
            .run
            .with(|s| (s.store().head(), s.store().archived_before()))
        else {
            return;
        };
        let mut cur = cur.map(|c| c.clamp(archived, head));
        if catching_up {
            // The link's own cursor waits for the log to reach it.
            cur = self.cursor.get_untracked();
        }
        if self.replaying.get_untracked() {
            self.carry += self.pace.get_untracked() * dt / 1e3;
            let step = self.carry.floor();
            self.carry -= step;
            let next = cur.unwrap_or(head) + step as u64;
            if next >= head {
                self.replaying.set(false);
                cur = None;
            } else {
                cur = Some(next);
            }
            self.cursor.set(cur);
        }
        let offset = cur.unwrap_or(head).min(head);
        self.run.with(|s| {
            self.tape.draw(
                s,
                offset,
                cur.is_none(),
                dt,
                prefs.palette,
                !prefs.reduced_motion,
            );
        });
        let target = self.rebuilding.as_ref().map_or_else(
            || self.rebuilt.with_untracked(|r| r.offset),
            Rebuilding::target,
        );
        let moved = target != offset;
        let wait = if cur.is_none() {
            REBUILD_FOLLOW_MS
        } else {
            REBUILD_MS
        };
        if moved && now - self.last_rebuild >= wait {
            self.last_rebuild = now;
            self.rebuilding = self.run.with(|s| Rebuilding::start(s, offset));
        }
        if let Some(view) = self
            .rebuilding
            .as_mut()
            .and_then(|r| self.run.with(|s| r.step(s, REPLAY_BUDGET)).flatten())
        {
            self.rebuilding = None;
            self.rebuilt.set(view);
        }
    }
}
