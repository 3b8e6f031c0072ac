//! The pipeline lab's guided steps and challenges: the six steps wired together, each
//! pitfall as a switch, and when the simple architecture wins. Every figure a step reveals is
//! read off the engine after running the step's own configuration.

use crate::course::{
    rule, Challenge, ChallengeText, Guide, Misconception, NumberQuestion, Observed, Preset, Step,
    StepText, Verdict,
};
use crate::sim::pipeline::{Arch, PipelineSim};
use crate::sim::timeline::Timeline;
use crate::text::{group, ms};

/// A run as a link describes it, with the learner's recorded actions.
pub type PipelineRun = Timeline<PipelineSim>;

guide_engine!(PipelineRun, |c, a| (!a.is_command()).then(|| c.with(a)));

/// The steps and challenges.
pub static GUIDE: Guide<PipelineRun> = Guide {
    presets: &[
        Preset { name: "The pipeline, calm", query: "arch=patterns" },
        Preset { name: "Flash sale: a 10× spike, with back-pressure", query: "spike_at=3&spike_x=10&lag_threshold=20000" },
        Preset { name: "Pitfall: ignoring back-pressure (unbounded buffer)", query: "write_rate=200000&partitions=4&spike_at=2&spike_x=10&backpressure=off&bounded=off" },
        Preset { name: "Pitfall: no snapshots (a restart replays everything)", query: "crash_at=20&snapshots=off" },
        Preset { name: "Pitfall: no dead-letter queue (a poison event)", query: "poison_at=3&dlq=off&backpressure=off" },
        Preset { name: "Pitfall: async without idempotency", query: "redelivery_pct=10&idempotent=off" },
        Preset { name: "Pitfall: stale views with no monitoring", query: "poison_at=3&dlq=off&backpressure=off&stale_monitor=off" },
        Preset { name: "Pitfall: CQRS everywhere (a quiet CRUD app on the pipeline)", query: "write_rate=500&read_rate=2000" },
        Preset { name: "A quiet CRUD app on one database", query: "arch=simple&write_rate=500&read_rate=2000" },
        Preset { name: "A million writes a second", query: "write_rate=1000000&partitions=64&consumers=64" },
    ],
    steps: &[
        Step {
            text: StepText {
                title: "The six steps, calm",
                setup: "arch=patterns",
                setting: "20,000 commands a second: validated, appended to the event store, published to a log of 8 partitions; two consumer groups of 4 consumers (20,000 events a second each) build two views; the read API serves 50,000 queries a second from them.",
                run_s: 10.0,
                question: "How old is the data the read API serves?",
                choices: &["Exactly current: reads wait for the views", "A fraction of a second behind", "Minutes behind, after the whole pipeline"],
                answer: 1,
                number: None,
                explain: "Each view trails the log by what its consumers have not applied yet: milliseconds while they keep up. Reads are fast and scale separately, and the data they show is eventually consistent. The log is what Kafka provides: a topic split into partitions, each read in order by one consumer of a consumer group, so a group scales out to as many consumers as there are partitions and no further.",
            },
            prepare: None,
            observe: |run| Observed {
 value: None,
                holds: run.staleness_s() < 1.0,
                figures: format!("The stalest view was {:.2} s behind; commands took {} at the 99th percentile.", run.staleness_s(), ms(run.p99_ms().0)),
            },
        },
        Step {
            text: StepText {
                title: "A flash sale, with back-pressure",
                setup: "spike_at=3&spike_x=10&lag_threshold=20000",
                setting: "At 3 s the commands jump tenfold, to 200,000 a second, for ten seconds; the consumers can apply 80,000. Back-pressure is on: past 20,000 events of lag in a partition, the appends are held to the pace the slowest view drained over the last second.",
                run_s: 13.0,
                question: "What has become of the extra commands when the spike ends at 13 s?",
                choices: &["They are lost: the log takes 80,000 a second and silently drops the rest", "They are all appended at once, and the views fall minutes behind the log", "They filled the API's buffer of a million, and the rest are refused"],
                answer: 2,
                number: None,
                explain: "The slowdown travels back up the pipeline: the log grows no faster than the consumers empty it, so the views stay within the lag threshold, and the API holds the excess in its bounded buffer. About 120,000 more commands arrive each second than the log takes, so the million-command buffer fills shortly before the spike ends, and from then on the excess is refused with a 429. Nobody loses a command without being told.",
            },
            prepare: None,
            observe: |run| Observed {
 value: None,
                holds: run.buffer() > 900_000 && run.counters().refused > 0 && run.counters().lost == 0 && run.per_s().2 < 120_000,
                figures: format!("{} commands waiting in the API, {} refused; {} appended in the last second.", group(run.buffer() as f64), group(run.counters().refused as f64), group(run.per_s().2 as f64)),
            },
        },
        Step {
            text: StepText {
                title: "Pitfall: ignoring back-pressure",
                setup: "write_rate=200000&partitions=4&spike_at=2&spike_x=10&backpressure=off&bounded=off",
                setting: "The same idea at a larger scale: a spike to 2,000,000 commands a second into an event store of 4 partitions (400,000 a second), with no back-pressure and an unbounded in-memory buffer in the API.",
                run_s: 10.0,
                question: "What happens?",
                choices: &["The buffer grows until the process runs out of memory and its commands are lost", "The buffer absorbs all of it, however large, and drains again once the spike is over", "The event store refuses the part of the spike it cannot take with 429s"],
                answer: 0,
                number: None,
                explain: "1.6 million commands a second pile up in memory; at ten million the API dies and every command it had accepted but not appended is gone. The guide's pitfall: unbounded buffers hide overload until they crash.",
            },
            prepare: None,
            observe: |run| Observed {
 value: None,
                holds: run.counters().crashes >= 1 && run.counters().lost > 0,
                figures: format!("{} crash; {} accepted commands lost.", run.counters().crashes, group(run.counters().lost as f64)),
            },
        },
        Step {
            text: StepText {
                title: "Pitfall: no snapshots",
                setup: "crash_at=20&snapshots=off",
                setting: "At 20 s the first view's consumers crash; they come back 2 s later. Their view was in memory. There are no snapshots.",
                run_s: 26.0,
                question: "How many events does the restarted consumer replay?",
                choices: &[],
                answer: 0,
                number: Some(NumberQuestion { unit: "events", min: 0.0, max: 1_000_000_000.0, band: 0.25, misconception: Some(Misconception { value: 0.0, says: "The committed offset says where to resume reading, not what the view held: a view kept in memory is gone, and only the whole log rebuilds it." }) }),
                explain: "The committed offset says where to resume reading, but the view itself is gone, so the only way back is to fold the whole log again, here 400,000 events, and more every minute the system lives. With a snapshot every 10 seconds it replays at most the events since the last one.",
            },
            prepare: None,
            observe: |run| Observed {
 value: Some(run.counters().restart_replayed as f64),
                holds: run.counters().restart_replayed > 300_000,
                figures: format!("The restart replayed {} events.", group(run.counters().restart_replayed as f64)),
            },
        },
        Step {
            text: StepText {
                title: "Pitfall: no dead-letter queue",
                setup: "poison_at=3&dlq=off&backpressure=off",
                setting: "At 3 s an event that can never be processed (a poison event) is appended to partition 0. There is no dead-letter queue, so its consumer retries it for ever.",
                run_s: 10.0,
                question: "At 10 s, how many events behind is partition 0?",
                choices: &[],
                answer: 0,
                number: Some(NumberQuestion { unit: "events", min: 0.0, max: 1_000_000_000.0, band: 0.2, misconception: Some(Misconception { value: 0.0, says: "The other events do not flow around the poison one: order within a partition means everything behind it waits." }) }),
                explain: "Per-partition order means nothing behind the poison event can be applied, so that partition's lag grows by 2,500 events a second and the views go stale. A dead-letter queue moves the event aside, counted, and the partition moves on.",
            },
            prepare: None,
            observe: |run| Observed {
 value: Some(run.max_lag() as f64),
                holds: run.max_lag() > 10_000,
                figures: format!("Partition 0 is {} events behind; the views are {:.1} s stale.", group(run.max_lag() as f64), run.staleness_s()),
            },
        },
        Step {
            text: StepText {
                title: "Pitfall: async without idempotency",
                setup: "redelivery_pct=10&idempotent=off",
                setting: "One commit in ten loses its acknowledgement, so the consumer reads those events again. The consumers are not idempotent.",
                run_s: 10.0,
                question: "What happens to the views?",
                choices: &["Nothing: the log keeps each event once, so a rereading changes nothing", "Events delivered twice are applied twice: orders and revenue are overcounted", "The views stop at the first event they have already seen"],
                answer: 1,
                number: None,
                explain: "At-least-once delivery is the norm; without idempotency every redelivery is a second effect, here orders counted twice. An idempotent consumer keeps the offset it applied with the view and skips what it already holds.",
            },
            prepare: None,
            observe: |run| Observed {
 value: None,
                holds: run.counters().duplicate_effects > 0,
                figures: format!("{} events delivered again, all applied twice.", group(run.counters().duplicate_effects as f64)),
            },
        },
        Step {
            text: StepText {
                title: "Pitfall: stale views nobody watches",
                setup: "poison_at=3&dlq=off&backpressure=off&stale_monitor=off",
                setting: "The poison event again, and no staleness monitor.",
                run_s: 10.0,
                question: "At 10 s, how stale is the stalest view (in seconds)?",
                choices: &[],
                answer: 0,
                number: Some(NumberQuestion { unit: "s", min: 0.0, max: 1_000_000.0, band: 0.2, misconception: Some(Misconception { value: 0.0, says: "Without a monitor nothing is fixed or flagged: the partition behind the poison event stops, and its view ages by a second every second." }) }),
                explain: "Eventual consistency needs a measure of how eventual: without a staleness monitor the views quietly fall behind. With it, an alert fires once a view is older than its threshold.",
            },
            prepare: None,
            observe: |run| Observed {
 value: Some(run.staleness_s()),
                holds: run.counters().stale_alerts == 0 && run.staleness_s() > 5.0,
                figures: format!("The stalest view is {:.1} s old; {} alerts.", run.staleness_s(), run.counters().stale_alerts),
            },
        },
        Step {
            text: StepText {
                title: "A quiet CRUD app",
                setup: "arch=simple&write_rate=500&read_rate=2000",
                setting: "500 writes and 2,000 reads a second on one database.",
                run_s: 10.0,
                question: "How long does a write take on the one database, at the 99th percentile (in ms)?",
                choices: &[],
                answer: 0,
                number: Some(NumberQuestion { unit: "ms", min: 0.0, max: 1_000_000.0, band: 0.25, misconception: Some(Misconception { value: 3.0, says: "The pipeline is not faster at a small load: a command there passes validation, the event store and the log (about 3 ms in the first step), while one database that is 2 % busy answers in about 1 ms." }) }),
                explain: "The database is 2 % busy. The pipeline would add an event store, a log, consumers, views and their monitoring, and a write would take longer while reads could be stale. The guide: introduce the patterns when a specific bottleneck demands them.",
            },
            prepare: None,
            observe: |run| Observed {
 value: Some(run.p99_ms().0),
                holds: run.p99_ms().0 < 3.0 && run.components() == 2,
                figures: format!("Writes {} at the 99th percentile, {} moving parts.", ms(run.p99_ms().0), run.components()),
            },
        },
        Step {
            text: StepText {
                title: "Where the simple one breaks",
                setup: "arch=simple&write_rate=60000&read_rate=60000",
                setting: "60,000 writes and 60,000 reads a second on the same database (room for 40,000 writes a second).",
                run_s: 5.0,
                question: "What happens?",
                choices: &["It keeps up: reads and writes are both cheap, and it has connections to spare", "Reads get faster while writes take the strain", "It saturates: the queue grows, and writes wait seconds"],
                answer: 2,
                number: None,
                explain: "Past its capacity one database has nowhere to put the excess but a queue. This is the bottleneck the pipeline removes: partitions and consumers scale out where one database cannot.",
            },
            prepare: None,
            observe: |run| Observed {
 value: None,
                holds: run.p99_ms().0 > 1_000.0,
                figures: format!("Writes took {} at the 99th percentile.", ms(run.p99_ms().0)),
            },
        },
    ],
    challenges: &[
        Challenge {
            text: ChallengeText {
                id: "flash-sale",
                title: "A flash sale without losses",
                goal: "200,000 commands a second spiking tenfold at 5 s into 4 partitions. For 20 seconds, lose no accepted command.",
                hint: "A bounded buffer says no; an unbounded one says yes and then dies.",
                start: "write_rate=200000&partitions=4&spike_at=5&spike_x=10&backpressure=off&bounded=off",
                run_s: 20.0,
            },
            check: |run| {
                let c = run.config();
                if let Some(v) = rule(c.write_rate == 200_000 && c.spike_at == Some(5) && c.spike_x == 10 && c.arch == Arch::Patterns, "the pipeline, 200,000 commands a second and the tenfold spike at 5 s") {
                    return v;
                }
                let lost = run.counters().lost;
                Verdict {
                    pass: lost == 0,
                    measured: format!("{} commands lost, {} refused.", group(lost as f64), group(run.counters().refused as f64)),
                }
            },
        },
        Challenge {
            text: ChallengeText {
                id: "exactly-once-effect",
                title: "Exactly once, in effect",
                goal: "One commit in five loses its acknowledgement. For 10 seconds, no event may take effect twice in a view.",
                hint: "Delivery is at least once; the effect need not be.",
                start: "redelivery_pct=20&idempotent=off",
                run_s: 10.0,
            },
            check: |run| {
                if let Some(v) = rule(run.config().redelivery_pct == 20 && run.config().arch == Arch::Patterns, "the pipeline with one lost acknowledgement in five") {
                    return v;
                }
                let k = run.counters();
                Verdict {
                    pass: k.duplicate_effects == 0 && k.duplicates_delivered > 0,
                    measured: format!("{} events delivered again, {} applied twice.", group(k.duplicates_delivered as f64), group(k.duplicate_effects as f64)),
                }
            },
        },
        Challenge {
            text: ChallengeText {
                id: "poison-pill",
                title: "Survive a poison event",
                goal: "A poison event arrives at 2 s. After 20 seconds, no partition may be more than 20,000 events behind.",
                hint: "It will never succeed; put it somewhere it can be looked at later.",
                start: "poison_at=2&dlq=off&backpressure=off",
                run_s: 20.0,
            },
            check: |run| {
                if let Some(v) = rule(run.config().poison_at == Some(2) && run.config().arch == Arch::Patterns, "the pipeline and the poison event at 2 s") {
                    return v;
                }
                let lag = run.max_lag();
                Verdict {
                    pass: lag <= 20_000,
                    measured: format!("the furthest partition is {} events behind; {} dead-lettered.", group(lag as f64), run.counters().dlq),
                }
            },
        },
        Challenge {
            text: ChallengeText {
                id: "a-million",
                title: "A million writes a second",
                goal: "1,000,000 commands a second. After 10 seconds, append at least 950,000 a second with no partition more than 20,000 events behind and nothing refused.",
                hint: "A partition takes 100,000 events a second and a consumer applies 20,000.",
                start: "write_rate=1000000&partitions=8&consumers=4",
                run_s: 10.0,
            },
            check: |run| {
                let c = run.config();
                if let Some(v) = rule(c.write_rate == 1_000_000 && c.consumer_capacity <= 20_000 && c.arch == Arch::Patterns, "the pipeline, a million commands a second and consumers of at most 20,000 events a second") {
                    return v;
                }
                let (appended, lag, refused) = (run.per_s().2, run.max_lag(), run.counters().refused);
                Verdict {
                    pass: appended >= 950_000 && lag <= 20_000 && refused == 0,
                    measured: format!("{} appended in the last second; {} events of lag; {} refused.", group(appended as f64), group(lag as f64), group(refused as f64)),
                }
            },
        },
        Challenge {
            text: ChallengeText {
                id: "quiet-crud",
                title: "Do not over-engineer",
                goal: "500 writes and 2,000 reads a second. For 10 seconds, keep writes under 2 ms at the 99th percentile and reads never stale.",
                hint: "Count the moving parts you need for this load.",
                start: "write_rate=500&read_rate=2000",
                run_s: 10.0,
            },
            check: |run| {
                let c = run.config();
                if let Some(v) = rule(c.write_rate == 500 && c.read_rate == 2_000, "500 writes and 2,000 reads a second") {
                    return v;
                }
                let p99 = run.p99_ms().0;
                Verdict {
                    pass: p99 < 2.0 && run.staleness_s() == 0.0,
                    measured: format!("writes {} at the 99th percentile; views {:.2} s stale; {} moving parts.", ms(p99), run.staleness_s(), run.components()),
                }
            },
        },
    ],
};
