//! The switch between the lab's two scenes: each is its own run, so switching starts one.

use leptos::prelude::*;

use crate::ui::controls::RadioGroup;

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
    view! {
        <fieldset>
            <legend>"Scene"</legend>
            <RadioGroup name="scene" label="Scene" control="scene"
                options=[(Scene::Split, "One store against separate paths"), (Scene::Timeline, "Twitter's home timelines")]
                    .map(|(s, text)| (s, format!("scene-{}", s.key()), text)).to_vec()
                value=Signal::derive(move || scene)
                on_change=open />
            <p class="policy-text">{text::SCENES}</p>
        </fieldset>
    }
}
