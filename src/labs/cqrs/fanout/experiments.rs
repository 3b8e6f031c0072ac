//! The timeline scene's experiment that reproduces Twitter's published fan-out figures.

use crate::course::experiment::Preset;

/// Published results, reproduced.
pub const PRESETS: [Preset; 1] = [Preset {
    id: "twitter-2012",
    title: "Twitter 2012: fan-out across the celebrity threshold",
    source: "Raffi Krikorian, “Timelines at Scale”, QCon San Francisco 2012",
    published: "About 4,600 tweets a second, each written into the cached home timeline of every follower (about 75 a tweet): some 345,000 cache writes a second. Accounts with very many followers are left out of the fan-out and merged in when a timeline is read.",
    leaves_out: "10 million users with a Zipf follower graph stand for Twitter's 150 million; a cache write costs the same for every follower. Lowering the threshold trades cache writes for lists merged on every open.",
    setup: "scene=timeline&users=10000000&zipf=0.84&tweet_rate=4600&timeline_rate=300000&fanout=hybrid&fanout_capacity=1000000",
    sweep: "celebrity_threshold",
    values: &["1000", "10000", "100000", "1000000", "10000000"],
    metrics: &["fanout_writes_per_s", "merges_per_read", "tweet_visible_p99_ms"],
    seeds: 3,
    duration_s: 30.0,
    warmup_s: 5.0,
}];
