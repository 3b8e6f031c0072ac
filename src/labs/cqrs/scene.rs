//! The switch between the lab's two scenes: each is its own run, so switching starts one.

use leptos::prelude::*;

use super::params::{Params, Scene};
use super::text;
use crate::link::registry::LabParams;
use crate::link::Run;
use crate::page::frame::LabFrame;

/// Two radio buttons; choosing the other scene opens it at its defaults, with this seed and
/// speed.
#[component]
pub fn SceneSwitch(
    scene: Scene,
    frame: LabFrame,
    seed: RwSignal<u64>,
    speed: RwSignal<f64>,
) -> impl IntoView {
    let open = move |to: Scene| {
        if to != scene {
            let run = Run {
                seed: seed.get_untracked(),
                speed: speed.get_untracked(),
                ..Run::default()
            };
            frame.load.run(frame.page(LabParams::new(Params {
                run,
                scene: to,
                ..Params::default()
            })));
        }
    };
    let radio = move |s: Scene, label: &'static str| {
        view! {
            <label class="radio">
                <input
                    type="radio"
                    name="scene"
                    id=format!("scene-{}", s.key())
                    data-control="scene"
                    value=s.key()
                    prop:checked=s == scene
                    on:change=move |_| open(s)
                />
                {label}
            </label>
        }
    };
    view! {
        <fieldset>
            <legend>"Scene"</legend>
            <div class="policies" role="radiogroup" aria-label="Scene">
                {radio(Scene::Split, "One store against separate paths")}
                {radio(Scene::Timeline, "Twitter's home timelines")}
            </div>
            <p class="policy-text">{text::SCENES}</p>
        </fieldset>
    }
}
