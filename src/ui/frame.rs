//! A `requestAnimationFrame` loop that stops when its owner is cleaned up.

use std::cell::RefCell;
use std::rc::Rc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use leptos::prelude::{on_cleanup, signal, ReadSignal, Set};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

use crate::sim::{Nanos, TICK_NS};

type FrameFn = Closure<dyn FnMut(f64)>;

/// What the frames cost this page, over the last second of real time.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct FrameStats {
    /// Mean time spent in the frame callback, ms.
    pub mean_ms: f64,
    /// Longest frame callback, ms.
    pub max_ms: f64,
    /// Frames drawn.
    pub fps: f64,
}

/// Calls `tick(now_ms)` once per animation frame until the current reactive owner is
/// disposed (the component unmounts), so a frame can never touch a disposed signal.
/// Returns the loop's own cost, refreshed once a second.
pub fn frame_loop(mut tick: impl FnMut(f64) + 'static) -> ReadSignal<FrameStats> {
    let (stats, set_stats) = signal(FrameStats::default());
    let performance = web_sys::window().and_then(|w| w.performance());
    let clock = move || performance.as_ref().map_or(0.0, web_sys::Performance::now);
    let (mut since, mut frames, mut total, mut max) = (None::<f64>, 0u32, 0.0f64, 0.0f64);
    let running = Arc::new(AtomicBool::new(true));
    let slot: Rc<RefCell<Option<FrameFn>>> = Rc::new(RefCell::new(None));
    let next = Rc::clone(&slot);
    let alive = Arc::clone(&running);
    *slot.borrow_mut() = Some(Closure::new(move |now: f64| {
        if !alive.load(Ordering::Relaxed) {
            // Break the cycle so the closure can be freed.
            next.borrow_mut().take();
            return;
        }
        let start = clock();
        tick(now);
        let spent = clock() - start;
        frames += 1;
        total += spent;
        max = max.max(spent);
        let began = *since.get_or_insert(now);
        if now - began >= 1_000.0 {
            let fps = f64::from(frames) * 1_000.0 / (now - began);
            set_stats.try_set(FrameStats {
                mean_ms: total / f64::from(frames),
                max_ms: max,
                fps,
            });
            (since, frames, total, max) = (Some(now), 0, 0.0, 0.0);
        }
        request(&next);
    }));
    request(&slot);
    on_cleanup(move || running.store(false, Ordering::Relaxed));
    stats
}

fn request(slot: &Rc<RefCell<Option<FrameFn>>>) {
    if let (Some(window), Some(f)) = (web_sys::window(), slot.borrow().as_ref()) {
        let _ = window.request_animation_frame(f.as_ref().unchecked_ref());
    }
}

/// Largest slice of real time one frame may simulate, so a hidden tab does not come back
/// to a frozen page.
const MAX_FRAME_MS: f64 = 100.0;

/// Turns real frame times into simulated time, scaled by the playback speed.
#[derive(Debug, Default)]
pub struct PlayClock {
    last_ms: Option<f64>,
    /// The fraction of a tick not simulated yet, ns: carried over so slow speeds lose no time.
    carry_ns: f64,
}

impl PlayClock {
    /// Real milliseconds since the previous frame, capped at [`MAX_FRAME_MS`].
    pub fn frame(&mut self, now_ms: f64) -> f64 {
        let dt = self
            .last_ms
            .map_or(0.0, |last| (now_ms - last).clamp(0.0, MAX_FRAME_MS));
        self.last_ms = Some(now_ms);
        dt
    }

    /// Moves a simulation on by `dt_ms` of real time at `speed`: `advance_to` takes the target
    /// simulated time and returns the time actually reached (whole ticks).
    pub fn advance(
        &mut self,
        dt_ms: f64,
        speed: f64,
        now: Nanos,
        advance_to: impl FnOnce(Nanos) -> Nanos,
    ) {
        let target = now as f64 + self.carry_ns + dt_ms * 1e6 * speed;
        let reached = advance_to(target as Nanos);
        self.carry_ns = (target - reached as f64).clamp(0.0, TICK_NS as f64);
    }
}
