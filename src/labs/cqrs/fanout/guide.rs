//! The timeline scene's guided steps and challenges. Every figure a step reveals is read off
//! the engine after running the step's own configuration.

use crate::course::{check, Engine, Guide, Observed, Verdict};
use crate::labs::cqrs::params::Params;
use crate::link::Link;
use crate::sim::cqrs::fanout::{FanoutAction, FanoutSim};
use crate::sim::timeline::Timeline;
use crate::sim::{nanos, TICK_NS};
use crate::text::{group, ms};

/// A timeline-scene run as a link describes it, with the learner's recorded actions.
pub type FanoutRun = Timeline<FanoutSim>;

impl Engine for FanoutRun {
    fn open(link: &mut Link) -> Self {
        Params::read(link).fanout_start()
    }

    fn open_settled(link: &mut Link) -> Self {
        let mut p = Params::read(link);
        crate::course::settle(&mut p.fanout, &mut p.fanout_actions, |c, a| c.after(a));
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
pub static GUIDE: Guide<FanoutRun> = Guide::new(
    include_str!("guide.json"),
    &[
        // Twitter's timelines, 2012
        |run| {
            Observed {
 value: Some(writes_per_s(run)),
                holds: (300_000.0..400_000.0).contains(&writes_per_s(run)),
                figures: format!("{} cache writes a second on average; opening a timeline took {} at the 99th percentile.", group(writes_per_s(run)), ms(run.read_p50_p99().1)),
            }
        },
        // A celebrity tweets
        |run| {
            Observed {
 value: None,
                holds: run.visible_p50_p99().1 > 5_000.0,
                figures: format!("Tweets took {} to reach their followers at the 99th percentile; {} writes still waiting.", ms(run.visible_p50_p99().1), group(run.backlog() as f64)),
            }
        },
        // The hybrid
        |run| {
            Observed {
 value: None,
                holds: run.visible_p50_p99().1 < 5_000.0 && (1.0..10.0).contains(&run.merges_per_read()),
                figures: format!("Tweets reached their followers in {} at the 99th percentile; an open merged {:.1} lists on average and took {}.", ms(run.visible_p50_p99().1), run.merges_per_read(), ms(run.read_p50_p99().1)),
            }
        },
        // Fan-out on read
        |run| {
            let (p50, p99, _) = run.read_p50_p99();
            Observed {
 value: None,
                    holds: run.merges_per_read() > 20.0 && p99 > 2.0 * p50,
                    figures: format!("An open merged {:.0} lists on average; it took {} at the median and {} at the 99th percentile.", run.merges_per_read(), ms(p50), ms(p99)),
                }
        },
        // A threshold too low
        |run| {
            Observed {
 value: None,
                // Fewer writes than fan-out on write for everyone (about 345,000 a second).
                holds: run.merges_per_read() > 10.0 && writes_per_s(run) < 300_000.0,
                figures: format!("{} cache writes a second; an open merged {:.0} lists and took {} at the 99th percentile.", group(writes_per_s(run)), run.merges_per_read(), ms(run.read_p50_p99().1)),
            }
        },
    ],
    &[(1, celebrity_now), (2, celebrity_now)],
    &[
        // celebrity-on-time
        check(
            |run| {
                let c = run.config();
                c.users == 10_000_000
                    && c.tweet_rate == 4_600
                    && c.timeline_rate == 300_000
                    && c.fanout_capacity <= 1_000_000
                    && celebrity_tweeted(run)
            },
            |run| {
                let late = run.counters().late_writes;
                let p99 = run.read_p50_p99().1;
                Verdict {
                    pass: late == 0 && p99 < 5.0,
                    measured: format!("{} cache writes later than five seconds; opens took {} at the 99th percentile.", group(late as f64), ms(p99)),
                }
            },
        ),
        // small-site
        check(
            |run| {
                let c = run.config();
                c.users == 10_000 && c.tweet_rate == 50 && c.timeline_rate == 2_000
            },
            |run| {
                let writes = run.counters().fanout_writes;
                let p99 = run.read_p50_p99().1;
                Verdict {
                    pass: writes == 0 && p99 < 15.0,
                    measured: format!(
                        "{} cache writes; opens took {} at the 99th percentile.",
                        group(writes as f64),
                        ms(p99)
                    ),
                }
            },
        ),
        // peak-on-budget
        check(
            |run| {
                let c = run.config();
                c.users == 10_000_000
                    && c.tweet_rate == 12_000
                    && c.timeline_rate == 300_000
                    && c.fanout_capacity <= 750_000
            },
            |run| {
                let late = run.counters().late_writes;
                let p99 = run.read_p50_p99().1;
                Verdict {
                    pass: late == 0 && p99 < 10.0,
                    measured: format!("{} cache writes later than five seconds; opens took {} at the 99th percentile.", group(late as f64), ms(p99)),
                }
            },
        ),
    ],
);
