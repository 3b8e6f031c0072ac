//! A `requestAnimationFrame` loop that stops when its owner is cleaned up.

use std::cell::RefCell;
use std::rc::Rc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use leptos::prelude::on_cleanup;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

type FrameFn = Closure<dyn FnMut(f64)>;

/// Calls `tick(now_ms)` once per animation frame until the current reactive owner is
/// disposed (the component unmounts), so a frame can never touch a disposed signal.
pub fn frame_loop(mut tick: impl FnMut(f64) + 'static) {
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
        tick(now);
        request(&next);
    }));
    request(&slot);
    on_cleanup(move || running.store(false, Ordering::Relaxed));
}

fn request(slot: &Rc<RefCell<Option<FrameFn>>>) {
    if let (Some(window), Some(f)) = (web_sys::window(), slot.borrow().as_ref()) {
        let _ = window.request_animation_frame(f.as_ref().unchecked_ref());
    }
}
