//! The CQRS lab's guide: the split scene's steps and challenges here, then the timeline
//! scene's ([`super::fanout::guide`]), then the split scene's later steps. Every figure a step reveals is read off the engine
//! after running the step's own configuration.

use crate::course::{
    rule, Challenge, ChallengeText, Guide, Misconception, NumberQuestion, Observed, Preset, Scenes,
    Step, StepText, Verdict,
};
use crate::sim::cqrs::{Arch, CqrsSim};
use crate::sim::seconds;
use crate::sim::timeline::Timeline;
use crate::text::{group, ms};

/// A run as a link describes it, with the learner's recorded actions.
pub type CqrsRun = Timeline<CqrsSim>;

guide_engine!(CqrsRun, |c, a| Some(c.with(a)));

/// Both scenes' steps and challenges.
pub static GUIDE: Scenes = Scenes(&[&SPLIT, &super::fanout::guide::GUIDE, &SPLIT_LATER]);

/// The split scene's steps and challenges, with both scenes' presets.
pub static SPLIT: Guide<CqrsRun> = Guide {
    presets: &[
        Preset {
            name: "One database, reads and writes in the same queue",
            query: "arch=traditional&write_rate=200&read_rate=20000&joins=4",
        },
        Preset {
            name: "PostgreSQL writes, Elasticsearch reads (CQRS, 4 replicas)",
            query: "arch=cqrs&write_rate=200&read_rate=20000&joins=4&read_replicas=4&sync_capacity=10000",
        },
        Preset {
            name: "A slow projector: clients miss their own writes",
            query: "arch=cqrs&write_rate=2000&read_rate=20000&read_replicas=4&sync_capacity=1500",
        },
        Preset {
            name: "Read-your-writes on",
            query: "arch=cqrs&write_rate=2000&read_rate=20000&read_replicas=4&sync_capacity=1500&ryw=on",
        },
        Preset {
            name: "Balanced, simple traffic (where CQRS gains nothing)",
            query: "arch=traditional&write_rate=1000&read_rate=1000&joins=1",
        },
        Preset {
            name: "Timelines: Twitter 2012 (fan-out on write)",
            query: super::fanout::guide::TWITTER_2012,
        },
        Preset {
            name: "Timelines: celebrity tweets (fan-out on write)",
            query: "scene=timeline&users=10000000&zipf=0.84&tweet_rate=4600&timeline_rate=300000&fanout=write&celebrity_threshold=1000000&fanout_capacity=1000000&actions=0b_5000b",
        },
        Preset {
            name: "Timelines side by side: a celebrity tweets, fan-out on write against the hybrid",
            query: "scene=timeline&users=10000000&zipf=0.84&tweet_rate=4600&timeline_rate=300000&celebrity_threshold=1000000&fanout_capacity=1000000&actions=0b_5000b&vs=write-hybrid",
        },
        Preset {
            name: "Timelines: celebrity tweets, hybrid at 1 million followers",
            query: "scene=timeline&users=10000000&zipf=0.84&tweet_rate=4600&timeline_rate=300000&fanout=hybrid&celebrity_threshold=1000000&fanout_capacity=1000000&actions=0b_5000b",
        },
        Preset {
            name: "Timelines: fan-out on read",
            query: "scene=timeline&users=10000000&zipf=0.84&tweet_rate=4600&timeline_rate=300000&fanout=read&celebrity_threshold=1000000&fanout_capacity=1000000",
        },
    ],
    steps: &[
        Step {
            text: StepText {
                title: "One database for everything",
                setup: "arch=traditional&write_rate=200&read_rate=20000&joins=4",
                setting: "200 commands and 20,000 queries a second reach one database with 16 connections. Each query joins four tables (1 ms); each command takes 1 ms.",
                run_s: 10.0,
                question: "What happens to the commands?",
                choices: &["Nothing much: there are only 200 of them, a hundredth of the load", "They wait behind the queries and take seconds", "They are answered first, as writes hold the locks"],
                answer: 1,
                number: None,
                explain: "The database is offered (200 + 20,000) × 1 ms of work a second for 16 connections: 126 % of what it can do. The queue grows, and every command waits in it behind thousands of queries. The read load has broken the writes.",
            },
            prepare: None,
            observe: |run| {
                let (_, w99, _) = run.write_p50_p99();
                Observed {
 value: None,
                    holds: w99 > 500.0,
                    figures: format!("Commands took {} at the 99th percentile; the database was {:.0} % busy.", ms(w99), run.utilization().0 * 100.0),
                }
            },
        },
        Step {
            text: StepText {
                title: "Separate the paths",
                setup: "arch=cqrs&write_rate=200&read_rate=20000&joins=4&read_replicas=4&sync_capacity=10000",
                setting: "The same traffic through CQRS: commands to a write store, queries to four replicas of a denormalized read store (0.4 ms a read, no joins).",
                run_s: 10.0,
                question: "How long do commands take now?",
                choices: &["A few milliseconds", "Still seconds", "Longer: there is a second store to update"],
                answer: 0,
                number: None,
                explain: "The write store only sees the commands (200 × 1 ms for 16 connections), so they no longer queue behind reads; the replicas share the queries at 0.4 ms each. Each side is sized and scaled for its own load.",
            },
            prepare: None,
            observe: |run| {
                let (_, w99, _) = run.write_p50_p99();
                let (_, r99, _) = run.read_p50_p99();
                Observed {
 value: None,
                    holds: w99 < 10.0 && r99 < 5.0,
                    figures: format!("Commands {} and queries {} at the 99th percentile.", ms(w99), ms(r99)),
                }
            },
        },
        Step {
            text: StepText {
                title: "Scale the read side alone",
                setup: "arch=cqrs&write_rate=200&read_rate=45000&joins=4&read_replicas=1&sync_capacity=10000",
                setting: "45,000 queries a second reach a single replica (16 connections at 0.4 ms a read).",
                run_s: 8.0,
                question: "What happens to the queries, and to the commands?",
                choices: &["Both slow down: every read starts at the write store", "Commands slow down; queries are served first", "Queries queue and slow down; commands stay fast"],
                answer: 2,
                number: None,
                explain: "One replica can answer 16 / 0.4 ms = 40,000 reads a second, so 45,000 overload it and the queries queue, while the commands are as fast as ever. Add a second replica (move the slider) and reads are fast again: the read side scales without touching the write side.",
            },
            prepare: None,
            observe: |run| {
                let (_, w99, _) = run.write_p50_p99();
                let (_, r99, _) = run.read_p50_p99();
                Observed {
 value: None,
                    holds: r99 > 100.0 && w99 < 10.0,
                    figures: format!("Queries {} at the 99th percentile; commands still {}.", ms(r99), ms(w99)),
                }
            },
        },
        Step {
            text: StepText {
                title: "Eventual consistency",
                setup: "arch=cqrs&write_rate=2000&read_rate=20000&read_replicas=4&sync_capacity=1500",
                setting: "2,000 commands a second; the projector applies 1,500 changes a second to the read store. Each query reads its client's own record.",
                run_s: 10.0,
                question: "A client writes, then reads its own record. What does it see?",
                choices: &["Sometimes its old data, from before its write", "Always what it wrote, since its write was acknowledged", "An error, until the projector has caught up with it"],
                answer: 0,
                number: None,
                explain: "The read store is only as current as the projector: here it falls further behind every second, so reads increasingly return a record older than the client's own last write. That is a read-your-writes miss, and users notice it (\"I saved, and it is gone\").",
            },
            prepare: None,
            observe: |run| Observed {
 value: None,
                holds: run.counters().stale_reads > 1_000,
                figures: format!("{} reads returned data older than the reader's own last write; the projector is {:.1} s behind.", group(run.counters().stale_reads as f64), run.sync_lag_ms() / 1e3),
            },
        },
        Step {
            text: StepText {
                title: "Read your own writes",
                setup: "arch=cqrs&write_rate=2000&read_rate=20000&read_replicas=4&sync_capacity=1500&ryw=on",
                setting: "The same, with the mitigation: while a client's last write has not reached the read store, its reads go to the write store.",
                run_s: 10.0,
                question: "What does the mitigation cost?",
                choices: &["Nothing: the write store serves those reads at the same price", "Those reads join tables on the write store and load it", "Every read of every client now goes to the write store"],
                answer: 1,
                number: None,
                explain: "No client misses its own write any more, but each redirected read is a normalized read on the write store, which serves part of the query load again. The further behind the projector, the more clients are behind and the more reads are redirected: here the projector falls further behind every second, so the write store ends up serving nearly every read. The mitigation needs a projector that keeps up.",
            },
            prepare: None,
            observe: |run| {
                let k = run.counters();
                Observed {
 value: None,
                    holds: k.stale_reads == 0 && k.ryw_redirects > 1_000,
                    figures: format!("{} stale reads; {} reads redirected to the write store, which is {:.0} % busy.", k.stale_reads, group(k.ryw_redirects as f64), run.utilization().0 * 100.0),
                }
            },
        },
        Step {
            text: StepText {
                title: "When CQRS is not worth it",
                setup: "arch=traditional&write_rate=1000&read_rate=1000&joins=1",
                setting: "1,000 commands and 1,000 simple queries (one join) a second, on one database.",
                run_s: 10.0,
                question: "Would CQRS make these reads faster?",
                choices: &["Much faster: a denormalized read store is always quicker", "It would make the writes faster, and the reads with them", "No: a one-join read costs what a read-store read costs"],
                answer: 2,
                number: None,
                explain: "A normalized read with one join costs 0.4 ms, the same as a denormalized one, and the database is only 9 % busy. CQRS would add a second store, a projector to run and stale reads, and buy nothing: the guide's \"avoid it when\".",
            },
            prepare: None,
            observe: |run| {
                let (r50, _, _) = run.read_p50_p99();
                Observed {
 value: None,
                    holds: (r50 - 0.4 * std::f64::consts::LN_2).abs() < 0.05,
                    figures: format!("Queries took {} at the median; the database was {:.0} % busy.", ms(r50), run.utilization().0 * 100.0),
                }
            },
        },
        Step {
            text: StepText {
                title: "A projector that cannot keep up",
                setup: "arch=cqrs&write_rate=1000&read_rate=1000&read_replicas=2&sync_capacity=500",
                setting: "1,000 commands a second; the projector applies 500 changes a second.",
                run_s: 10.0,
                question: "After 10 seconds, how old is the oldest change still waiting for the read store (in seconds)?",
                choices: &[],
                answer: 0,
                number: Some(NumberQuestion { unit: "s", min: 0.0, max: 100_000.0, band: 0.25, misconception: Some(Misconception { value: 0.05, says: "The sync delay is only the floor: once the projector falls behind, a change waits behind every change before it." }) }),
                explain: "Every second 500 more changes wait, so the oldest waiting change ages by half a second every second: about 5 s after 10 s. Eventual consistency only converges while the sync path has the capacity for the write rate.",
            },
            prepare: None,
            observe: |run| Observed {
 value: Some(run.sync_lag_ms() / 1e3),
                holds: (4_000.0..6_000.0).contains(&run.sync_lag_ms()),
                figures: format!("{} changes waiting; the oldest {:.1} s old.", group(run.backlog() as f64), run.sync_lag_ms() / 1e3),
            },
        },
    ],
    challenges: &[
        Challenge {
            text: ChallengeText {
                id: "read-heavy",
                title: "A read-heavy product page",
                goal: "300 commands and 30,000 four-join queries a second. For 20 simulated seconds, keep queries under 5 ms and commands under 10 ms at the 99th percentile.",
                hint: "The queries need not join anything if their answer is kept ready.",
                start: "arch=traditional&write_rate=300&read_rate=30000&joins=4",
                run_s: 20.0,
            },
            check: |run| {
                let c = run.config();
                if let Some(v) = rule(c.write_rate == 300 && c.read_rate == 30_000 && c.joins == 4, "300 commands and 30,000 four-join queries a second") {
                    return v;
                }
                let (_, w99, _) = run.write_p50_p99();
                let (_, r99, _) = run.read_p50_p99();
                Verdict {
                    pass: r99 < 5.0 && w99 < 10.0,
                    measured: format!("queries {} and commands {} at the 99th percentile.", ms(r99), ms(w99)),
                }
            },
        },
        Challenge {
            text: ChallengeText {
                id: "own-writes",
                title: "Nobody loses their own edit",
                goal: "2,000 commands and 20,000 queries a second through CQRS. For 20 seconds, no client may read data older than its own last write, and queries must stay under 10 ms at the 99th percentile.",
                hint: "The write store always has the client's latest write, but it cannot serve everyone's reads; how many clients are behind depends on the projector.",
                start: "arch=cqrs&write_rate=2000&read_rate=20000&read_replicas=4&sync_capacity=1500",
                run_s: 20.0,
            },
            check: |run| {
                let c = run.config();
                if let Some(v) = rule(c.write_rate == 2_000 && c.read_rate == 20_000 && c.arch == Arch::Cqrs, "CQRS, 2,000 commands and 20,000 queries a second") {
                    return v;
                }
                let (_, r99, _) = run.read_p50_p99();
                Verdict {
                    pass: run.counters().stale_reads == 0 && r99 < 10.0,
                    measured: format!("{} stale reads; queries {} at the 99th percentile.", group(run.counters().stale_reads as f64), ms(r99)),
                }
            },
        },
        Challenge {
            text: ChallengeText {
                id: "catch-up",
                title: "Keep the read side within a second",
                goal: "3,000 commands a second. For 30 seconds, no committed write may take longer than one second to reach the read store.",
                hint: "Eventual consistency needs a sync path at least as fast as the writes.",
                start: "arch=cqrs&write_rate=3000&read_rate=5000&sync_capacity=2500",
                run_s: 30.0,
            },
            check: |run| {
                let c = run.config();
                if let Some(v) = rule(c.write_rate == 3_000 && c.arch == Arch::Cqrs, "CQRS and 3,000 commands a second") {
                    return v;
                }
                let worst = seconds(run.counters().longest_sync_ns).max(run.sync_lag_ms() / 1e3);
                Verdict {
                    pass: worst <= 1.0,
                    measured: format!("the slowest write took {worst:.2} s to reach the read store."),
                }
            },
        },
    ],
};

/// Split-scene steps written after the timeline scene's: they come last, so every earlier
/// step keeps its number in links.
pub static SPLIT_LATER: Guide<CqrsRun> = Guide {
    presets: &[],
    steps: &[Step {
        text: StepText {
            title: "The read side is derived",
            setup: "arch=cqrs&write_rate=2000&read_rate=5000&sync_capacity=6000&actions=2000s1_7000s6000",
            setting: "Commands go to the write store, normalized and transactional: the truth. Queries go to a read store shaped for them (denormalized rows; in practice often a search index or a cache). At 2 s the projector that feeds the read store stops; at 7 s it is back, at 6,000 changes a second.",
            run_s: 12.0,
            question: "At 12 s, what does the read store hold?",
            choices: &["Everything up to 2 s: the changes made while the projector was stopped are lost to it", "Nothing useful: a read store that missed changes must be emptied and rebuilt", "Every change: the projector worked off the ones it missed and caught up"],
            answer: 2,
            number: None,
            explain: "The read store holds nothing of its own: every row is computed from the write side's changes, so a read store that falls behind only has to apply the changes it has not seen, at its own pace (here 10,000 missed changes at 4,000 a second more than arrive: about 2.5 s). For the same reason it can be thrown away and rebuilt by replaying the changes into an empty store, or given a new shape, or a second read store (a search index beside the replicas) fed from the same changes. Only the write side must never lose anything.",
        },
        prepare: None,
        observe: |run| {
            let (write, read) = run.versions();
            let behind = write.iter().zip(read).filter(|(w, r)| r < w).count();
            Observed {
                value: None,
                holds: run.sync_lag_ms() < 200.0 && run.backlog() < 500 && run.counters().stale_reads > 0,
                figures: format!(
                    "At 12 s {} changes wait for the read store and the oldest is {}; {} of {} records are behind the write store; {} reads had returned stale data during the outage.",
                    group(run.backlog() as f64),
                    ms(run.sync_lag_ms()),
                    group(behind as f64),
                    group(write.len() as f64),
                    group(run.counters().stale_reads as f64)
                ),
            }
        },
    }],
    challenges: &[],
};
