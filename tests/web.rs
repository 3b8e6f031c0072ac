//! Browser tests (wasm-bindgen-test in headless Chromium): the app mounts, and a control
//! change reaches the engine.
#![cfg(target_arch = "wasm32")]
#![allow(clippy::unwrap_used, clippy::expect_used)]

use gloo_timers::future::TimeoutFuture;
use scaling_lab::shell::App;
use scaling_lab::ui::page_url;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Event, EventInit, HtmlElement, HtmlInputElement};

wasm_bindgen_test_configure!(run_in_browser);

fn element<T: JsCast>(selector: &str) -> T {
    let doc = web_sys::window().unwrap().document().unwrap();
    doc.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no {selector}"))
        .dyn_into()
        .unwrap()
}

fn metric(name: &str) -> f64 {
    let el: HtmlElement = element(&format!("[data-metric={name}]"));
    el.text_content().unwrap().parse().unwrap()
}

#[wasm_bindgen_test]
async fn app_mounts_and_a_control_change_reaches_the_engine() {
    page_url::replace("lab=backpressure&paused=1&producer_rate=1000&policy=reject");
    leptos::mount::mount_to_body(|| leptos::view! { <App pages=scaling_lab::shell::ALL /> });
    TimeoutFuture::new(50).await;

    assert_eq!(metric("sim_time_s"), 0.0);
    let slider: HtmlInputElement = element("#producer_rate");
    assert_eq!(slider.value(), "1000");

    // Move the slider as a user would, then step one simulated second.
    slider.set_value("20000");
    let init = EventInit::new();
    init.set_bubbles(true);
    slider
        .dispatch_event(&Event::new_with_event_init_dict("input", &init).unwrap())
        .unwrap();
    TimeoutFuture::new(20).await;
    let step: HtmlElement = element("#step");
    for _ in 0..10 {
        step.click();
    }
    TimeoutFuture::new(50).await;

    assert!((metric("sim_time_s") - 1.0).abs() < 1e-9);
    // Steady arrivals every 50 µs from t = 0: 19,999 land inside the first second.
    let rate = metric("arrival_rate");
    assert!(
        (rate - 20_000.0).abs() <= 1.0,
        "the engine did not see the new rate: {rate}"
    );
    // The address now says so too, for sharing (updates are coalesced over 300 ms): the
    // starting rate, and the change at its moment (tick 0, the run being paused there).
    TimeoutFuture::new(400).await;
    let search = web_sys::window().unwrap().location().search().unwrap();
    assert!(search.contains("producer_rate=1000&"), "{search}");
    assert!(search.contains("actions=0p20000"), "{search}");
}

#[wasm_bindgen_test]
fn the_engine_gives_the_same_state_in_the_browser_as_natively() {
    for (name, got, pinned) in scaling_lab::sim::reference::hashes() {
        assert_eq!(
            got, pinned,
            "{name}: the browser build differs from the native one"
        );
    }
}

#[wasm_bindgen_test]
fn a_crash_is_reported_in_the_page_with_the_link_that_reproduces_it() {
    scaling_lab::ui::panic::report("engine invariant broken (test)");
    let note: HtmlElement = element(".notice.crash");
    let text = note.text_content().unwrap();
    assert!(text.contains("hit a bug"), "{text}");
    assert!(text.contains("engine invariant broken (test)"), "{text}");
    // The link is the page's address at the moment on the timeline, paused there.
    let link = element::<HtmlElement>(".notice.crash a")
        .get_attribute("href")
        .unwrap();
    let location = web_sys::window().unwrap().location();
    let page = format!(
        "{}{}",
        location.origin().unwrap(),
        location.pathname().unwrap()
    );
    assert!(link.starts_with(&page), "{link}");
    let doc = web_sys::window().unwrap().document().unwrap();
    if doc
        .query_selector("[data-control=timeline]")
        .unwrap()
        .is_some()
    {
        assert!(
            link.contains("&t=") && link.ends_with("&paused=1"),
            "{link}"
        );
    }
    assert_eq!(note.get_attribute("role").as_deref(), Some("alert"));
    note.remove();
}
