//! A `requestAnimationFrame` loop that stops when its owner is cleaned up.

use std::cell::RefCell;
use std::rc::Rc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use leptos::prelude::{on_cleanup, signal, ReadSignal, Set};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

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
