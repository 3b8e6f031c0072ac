//! The timeline scene's controls: the strategy, the traffic, the fan-out service, the
//! celebrity's tweet, and the follower graph (which starts a new run).

use leptos::prelude::*;

use crate::labs::cqrs::text;
use crate::sim::cqrs::fanout::config::{CAPACITY, MAX_USERS, MIN_USERS, THRESHOLD};
use crate::sim::cqrs::fanout::{FanoutAction, FanoutConfig};
use crate::ui::controls::{NumberField, Settings, Slider};

/// Every setting the learner can change while the run goes on, and the graph's two, which
/// start again (`regraph`).
#[component]
pub fn FanoutControls(
    config: RwSignal<FanoutConfig>,
    #[prop(into)] act: Callback<FanoutAction>,
    #[prop(into)] regraph: Callback<FanoutConfig>,
) -> impl IntoView {
    let s = Settings { config, act };
    let cfg = move |f: fn(&FanoutConfig) -> f64| Signal::derive(move || f(&config.get()));
    view! {
        <fieldset>
            <legend>"Where the timeline is built"</legend>
            {s.radio(("fanout", "Fan-out strategy"), &["Fan-out on write: into every follower's cache", "Fan-out on read: merged when opened", "Hybrid: celebrities merged when opened"], |c| c.fanout, FanoutAction::Strategy)}
            {s.number(("celebrity_threshold", "Celebrity from (followers)"), (THRESHOLD.0, THRESHOLD.1), |c| c.celebrity_threshold, FanoutAction::Threshold)}
            <div class="buttons">
                <button type="button" data-action="celebrity-tweet" on:click=move |_| act.run(FanoutAction::CelebrityTweets)>
                    "The most followed account tweets"
                </button>
            </div>
        </fieldset>
        <fieldset>
            <legend>"Traffic and fan-out"</legend>
            {s.slider(("tweet_rate", "Tweets", "/s"), (0.0, 20_000.0, 100.0), |c| f64::from(c.tweet_rate), |v| FanoutAction::TweetRate(v as u32))}
            {s.slider(("timeline_rate", "Timeline opens", "/s"), (0.0, 1_000_000.0, 10_000.0), |c| f64::from(c.timeline_rate), |v| FanoutAction::TimelineRate(v as u32))}
            {s.number(("fanout_capacity", "Fan-out service (cache writes/s)"), (CAPACITY.0, CAPACITY.1), |c| c.fanout_capacity, FanoutAction::Capacity)}
        </fieldset>
        <fieldset>
            <legend>"Follower graph (starts a new run)"</legend>
            <NumberField id="users" label="Users" min=MIN_USERS max=MAX_USERS
                value=Signal::derive(move || config.get().users)
                on_change=move |v: u32| regraph.run(FanoutConfig { users: v, ..config.get_untracked() }) />
            <Slider id="zipf" label="Follower power law, exponent" unit="" min=0.5 max=2.0 step=0.01
                value=cfg(FanoutConfig::zipf)
                on_input=move |v: f64| regraph.run(FanoutConfig { zipf_milli: (v * 1e3).round() as u32, ..config.get_untracked() }) />
            <p class="policy-text">{text::TIMELINE_MODEL}</p>
        </fieldset>
    }
}
