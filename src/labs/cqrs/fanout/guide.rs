//! The timeline scene's guided steps and challenges. Every figure a step reveals is read off
//! the engine after running the step's own configuration.

use crate::course::{
    rule, Challenge, ChallengeText, Engine, Guide, Misconception, NumberQuestion, Observed, Step,
    StepText, Verdict,
};
use crate::labs::cqrs::params::Params;
use crate::link::Link;
use crate::sim::cqrs::fanout::{FanoutAction, FanoutSim};
use crate::sim::timeline::Timeline;
use crate::sim::{nanos, TICK_NS};
use crate::text::{group, ms};

/// A timeline-scene run as a link describes it, with the learner's recorded actions.
pub type FanoutRun = Timeline<FanoutSim>;

/// Twitter in 2012, scaled down: the rates per tweet of Krikorian's talk (4,600 tweets and
/// 300,000 opens a second, about 75 followers a tweet), its 800-entry caches and 5 s target,
/// over 10 M users instead of about 150 M active ones.
pub const TWITTER_2012: &str = "scene=timeline&users=10000000&zipf=0.84&tweet_rate=4600&timeline_rate=300000&fanout=write&celebrity_threshold=1000000&fanout_capacity=1000000";

impl Engine for FanoutRun {
    fn open(link: &mut Link) -> Self {
        Params::read(link).fanout_start()
    }

    fn open_settled(link: &mut Link) -> Self {
        let mut p = Params::read(link);
        crate::course::settle(&mut p.fanout, &mut p.fanout_actions, |c, a| c.with(a));
        p.fanout_timeline()
    }

    fn run_to(&mut self, t_s: f64) {
        Timeline::run_to_tick(self, nanos(t_s) / TICK_NS);
    }
}

/// Cache writes a second over the whole run.
fn writes_per_s(run: &FanoutSim) -> f64 {
    run.counters().fanout_writes as f64 / run.now_s().max(1e-9)
}

fn celebrity_tweeted(run: &FanoutRun) -> bool {
    run.actions()
        .iter()
        .any(|(_, a)| *a == FanoutAction::CelebrityTweets)
}

fn celebrity_now(run: &mut FanoutRun) {
    let _ = run.act(FanoutAction::CelebrityTweets);
}

/// The steps and challenges.
pub static GUIDE: Guide<FanoutRun> = Guide {
    presets: &[],
    steps: &[
        Step {
            text: StepText {
                title: "Twitter's timelines, 2012",
                setup: TWITTER_2012,
                setting: "Twitter in 2012, scaled down: ten million users (Twitter then had about 150 million active ones, and accounts with over 30 million followers) whose follower counts follow a power law. Kept from Krikorian's talk: 4,600 tweets and 300,000 timeline opens a second, timeline caches of 800 entries and the five-second delivery target. Each tweet is written into every follower's cache by a fan-out service of 1,000,000 writes a second.",
                run_s: 10.0,
                question: "How many cache writes a second does the fan-out service make?",
                choices: &[],
                answer: 0,
                number: Some(NumberQuestion { unit: "writes a second", min: 0.0, max: 100_000_000.0, band: 0.25, misconception: Some(Misconception { value: 4_600.0, says: "Fan-out on write is not one write a tweet: a tweet is written into the timeline of every one of its author's followers." }) }),
                explain: "A tweet is written once per follower, and the mean tweet reaches about 75 followers: 4,600 × 75 ≈ 345,000 writes a second, the figure Twitter gave. In exchange an open reads one precomputed list, which is why reads are cheap: the read model is built on the write path.",
            },
            prepare: None,
            observe: |run| Observed {
 value: Some(writes_per_s(run)),
                holds: (300_000.0..400_000.0).contains(&writes_per_s(run)),
                figures: format!("{} cache writes a second on average; opening a timeline took {} at the 99th percentile.", group(writes_per_s(run)), ms(run.read_p50_p99().1)),
            },
        },
        Step {
            text: StepText {
                title: "A celebrity tweets",
                setup: TWITTER_2012,
                setting: "The same, and at the start the most followed account (ten million followers) tweets.",
                run_s: 8.0,
                question: "What happens to everybody else's tweets?",
                choices: &["They queue behind its ten million writes and miss the target", "Nothing: it is one tweet among 4,600 a second", "They are dropped while the fan-out service is busy"],
                answer: 0,
                number: None,
                explain: "One tweet is ten million cache writes: ten seconds of the whole fan-out service. Tweets posted meanwhile wait behind it, so for seconds nobody's tweets reach their followers. This is why fan-out on write alone does not work for accounts with millions of followers.",
            },
            prepare: Some(celebrity_now),
            observe: |run| Observed {
 value: None,
                holds: run.visible_p50_p99().1 > 5_000.0,
                figures: format!("Tweets took {} to reach their followers at the 99th percentile; {} writes still waiting.", ms(run.visible_p50_p99().1), group(run.backlog() as f64)),
            },
        },
        Step {
            text: StepText {
                title: "The hybrid",
                setup: "scene=timeline&users=10000000&zipf=0.84&tweet_rate=4600&timeline_rate=300000&fanout=hybrid&celebrity_threshold=1000000&fanout_capacity=1000000",
                setting: "The celebrity tweets again, now under the hybrid: accounts with a million followers or more are not fanned out; an open fetches their recent tweets and merges them into the precomputed timeline.",
                run_s: 8.0,
                question: "What does the celebrity's tweet cost now?",
                choices: &["The same burst of ten million writes, spread over a minute", "Every open merges the tweets of every account followed", "No writes; each open merges the few celebrities it follows"],
                answer: 2,
                number: None,
                explain: "The ten million writes are gone, so every other tweet is delivered in milliseconds. The price moves to the read side: an open now merges its cache with the lists of the celebrities its reader follows, a handful, not the dozens an open would merge under fan-out on read.",
            },
            prepare: Some(celebrity_now),
            observe: |run| Observed {
 value: None,
                holds: run.visible_p50_p99().1 < 5_000.0 && (1.0..10.0).contains(&run.merges_per_read()),
                figures: format!("Tweets reached their followers in {} at the 99th percentile; an open merged {:.1} lists on average and took {}.", ms(run.visible_p50_p99().1), run.merges_per_read(), ms(run.read_p50_p99().1)),
            },
        },
        Step {
            text: StepText {
                title: "Fan-out on read",
                setup: "scene=timeline&users=10000000&zipf=0.84&tweet_rate=4600&timeline_rate=300000&fanout=read&celebrity_threshold=1000000&fanout_capacity=1000000",
                setting: "No fan-out at all: an open fetches the recent tweets of every account its reader follows and merges them. Some readers follow a few accounts, some hundreds.",
                run_s: 10.0,
                question: "What does an open cost now?",
                choices: &["One list, as before: the cache is still there", "One list per account followed; readers who follow many wait longest", "Nothing: without a cache an open reads nothing"],
                answer: 1,
                number: None,
                explain: "Tweets are visible at once (nothing waits to be written), but every one of the 300,000 opens a second merges tens of lists, hundreds for the heaviest readers: the cost grows with the follows. With reads outnumbering tweets 65 to 1, Twitter moved the work to the write side, except for the celebrities.",
            },
            prepare: None,
            observe: |run| {
                let (p50, p99, _) = run.read_p50_p99();
                Observed {
 value: None,
                    holds: run.merges_per_read() > 20.0 && p99 > 2.0 * p50,
                    figures: format!("An open merged {:.0} lists on average; it took {} at the median and {} at the 99th percentile.", run.merges_per_read(), ms(p50), ms(p99)),
                }
            },
        },
        Step {
            text: StepText {
                title: "A threshold too low",
                setup: "scene=timeline&users=10000000&zipf=0.84&tweet_rate=4600&timeline_rate=300000&fanout=hybrid&celebrity_threshold=1000&fanout_capacity=1000000",
                setting: "The hybrid with its threshold at 1,000 followers: every account above it is merged at read time.",
                run_s: 10.0,
                question: "What does the low threshold buy, and what does it cost?",
                choices: &["Fewer cache writes, but opens merge tens of lists", "Nothing changes", "More cache writes"],
                answer: 0,
                number: None,
                explain: "Accounts above 1,000 followers are rare but write a large share of the cache writes, so the fan-out work falls. Readers follow many of them, though, so opens merge tens of lists and slow down. The threshold trades write work against read work; Twitter never published where it set it.",
            },
            prepare: None,
            observe: |run| Observed {
 value: None,
                // Fewer writes than fan-out on write for everyone (about 345,000 a second).
                holds: run.merges_per_read() > 10.0 && writes_per_s(run) < 300_000.0,
                figures: format!("{} cache writes a second; an open merged {:.0} lists and took {} at the 99th percentile.", group(writes_per_s(run)), run.merges_per_read(), ms(run.read_p50_p99().1)),
            },
        },
    ],
    challenges: &[
        Challenge {
            text: ChallengeText {
                id: "celebrity-on-time",
                title: "A celebrity's tweet, on time",
                goal: "Twitter 2012 traffic with the fan-out service at 1,000,000 writes a second; the most followed account tweets at the start. For 20 seconds, deliver every fanned-out tweet within five seconds and keep opens under 5 ms at the 99th percentile.",
                hint: "Ten million writes cannot be made in five seconds at this capacity; they need not be made at all.",
                start: "scene=timeline&users=10000000&zipf=0.84&tweet_rate=4600&timeline_rate=300000&fanout=write&celebrity_threshold=1000000&fanout_capacity=1000000&actions=0b",
                run_s: 20.0,
            },
            check: |run| {
                let c = run.config();
                if let Some(v) = rule(c.users == 10_000_000 && c.tweet_rate == 4_600 && c.timeline_rate == 300_000 && c.fanout_capacity <= 1_000_000 && celebrity_tweeted(run), "Twitter 2012 traffic, at most 1,000,000 writes a second and the celebrity's tweet at the start") {
                    return v;
                }
                let late = run.counters().late_writes;
                let p99 = run.read_p50_p99().1;
                Verdict {
                    pass: late == 0 && p99 < 5.0,
                    measured: format!("{} cache writes later than five seconds; opens took {} at the 99th percentile.", group(late as f64), ms(p99)),
                }
            },
        },
        Challenge {
            text: ChallengeText {
                id: "small-site",
                title: "A small site needs no fan-out",
                goal: "10,000 users, 50 tweets and 2,000 opens a second. For 20 seconds, make no cache writes at all and keep opens under 15 ms at the 99th percentile.",
                hint: "With few users and few follows, merging at read time is cheap.",
                start: "scene=timeline&users=10000&zipf=0.84&tweet_rate=50&timeline_rate=2000&fanout=write&celebrity_threshold=1000&fanout_capacity=100000",
                run_s: 20.0,
            },
            check: |run| {
                let c = run.config();
                if let Some(v) = rule(c.users == 10_000 && c.tweet_rate == 50 && c.timeline_rate == 2_000, "10,000 users, 50 tweets and 2,000 opens a second") {
                    return v;
                }
                let writes = run.counters().fanout_writes;
                let p99 = run.read_p50_p99().1;
                Verdict {
                    pass: writes == 0 && p99 < 15.0,
                    measured: format!("{} cache writes; opens took {} at the 99th percentile.", group(writes as f64), ms(p99)),
                }
            },
        },
        Challenge {
            text: ChallengeText {
                id: "peak-on-budget",
                title: "The peak on a smaller fleet",
                goal: "12,000 tweets a second (Twitter's 2012 peak) with a fan-out service of only 750,000 writes a second. For a minute, deliver every fanned-out tweet within five seconds and keep opens under 10 ms at the 99th percentile.",
                hint: "Fanning everything out needs more than 750,000 writes a second; find the threshold that takes enough off the writes without making opens merge too much.",
                start: "scene=timeline&users=10000000&zipf=0.84&tweet_rate=12000&timeline_rate=300000&fanout=write&celebrity_threshold=1000000&fanout_capacity=750000",
                run_s: 60.0,
            },
            check: |run| {
                let c = run.config();
                if let Some(v) = rule(c.users == 10_000_000 && c.tweet_rate == 12_000 && c.timeline_rate == 300_000 && c.fanout_capacity <= 750_000, "12,000 tweets a second and at most 750,000 writes a second") {
                    return v;
                }
                let late = run.counters().late_writes;
                let p99 = run.read_p50_p99().1;
                Verdict {
                    pass: late == 0 && p99 < 10.0,
                    measured: format!("{} cache writes later than five seconds; opens took {} at the 99th percentile.", group(late as f64), ms(p99)),
                }
            },
        },
    ],
};
