//! The frame every lab sits in: its title and introduction, the controls-and-stage grid, the
//! frame-cost line and the screen-reader summary.

use leptos::prelude::*;

use crate::ui::frame::FrameStats;
use crate::ui::metric::FrameCost;

/// A lab's page. `children` fills the grid (the controls form, then the stage); `live` is
/// the calm summary read to screen readers.
#[component]
pub fn LabPage(
    title: &'static str,
    intro: &'static str,
    /// Embedded pages leave out the introduction.
    embed: bool,
    live: RwSignal<String>,
    frame_stats: ReadSignal<FrameStats>,
    children: Children,
) -> impl IntoView {
    view! {
        <section class="lab" aria-labelledby="lab-title">
            <header class="lab-header">
                <h2 id="lab-title" tabindex="-1">{title}</h2>
                <p class="intro" class:hidden=embed>{intro}</p>
            </header>
            <div class="lab-grid">{children()}</div>
            <FrameCost stats=frame_stats />
            <p class="visually-hidden" aria-live="polite" role="status">{move || live.get()}</p>
        </section>
    }
}
