//! Metric readouts: a label, a value and a unit. The value element carries `data-metric`
//! and holds a plain number, so tests and course authors can read figures off the page.

use leptos::prelude::*;

/// One figure.
#[component]
pub fn Metric(
    /// The `data-metric` name.
    name: &'static str,
    label: &'static str,
    unit: &'static str,
    /// Decimal places shown.
    #[prop(default = 0)]
    decimals: usize,
    #[prop(into)] value: Signal<f64>,
) -> impl IntoView {
    view! {
        <div class="metric">
            <span class="metric-label">{label}</span>
            <span class="metric-value" data-metric=name>
                {move || plain(value.get(), decimals)}
            </span>
            <span class="metric-unit">{unit}</span>
        </div>
    }
}

/// A plain, machine-readable number: no separators, `0` for anything not finite.
pub fn plain(x: f64, decimals: usize) -> String {
    if x.is_finite() {
        format!("{x:.decimals$}")
    } else {
        "0".to_owned()
    }
}

/// The page's own cost per animation frame, so a learner (and the benchmark) can see that
/// the simulation and drawing fit in a frame.
#[component]
pub fn FrameCost(
    stats: leptos::prelude::ReadSignal<crate::ui::frame::FrameStats>,
) -> impl IntoView {
    view! {
        <p class="hint frame-cost">
            "Work per frame: mean "
            <span data-metric="frame_ms_mean">{move || plain(stats.get().mean_ms, 2)}</span>
            " ms, longest "
            <span data-metric="frame_ms_max">{move || plain(stats.get().max_ms, 2)}</span>
            " ms, at "
            <span data-metric="fps">{move || plain(stats.get().fps, 0)}</span>
            " frames a second (the budget at 60 frames a second is 16.7 ms)."
        </p>
    }
}
