//! The pipeline lab's experiment that reproduces how a consumer group shares a log's
//! partitions.

use crate::course::experiment::Preset;

/// Published results, reproduced.
pub const PRESETS: [Preset; 1] = [Preset {
    id: "kafka-consumers",
    title: "Kafka: consumers beyond the partitions",
    source: "Apache Kafka's documentation, “Consumers”: each partition is read by exactly one consumer of a group",
    published: "A group's consumers share the log's partitions, so adding consumers adds throughput only up to the number of partitions; the rest stay idle.",
    leaves_out: "Partitions are dealt to consumers evenly and never rebalance; a consumer with several partitions splits its capacity between them. Throughput shows as the events the orders view has applied (its mean over the run), and the largest lag as the backlog left behind.",
    setup: "write_rate=30000&partitions=6&consumer_capacity=5000&backpressure=off",
    sweep: "consumers",
    values: &["1", "2", "3", "4", "6", "8", "12"],
    metrics: &["view_events_total", "consumer_lag_events"],
    seeds: 3,
    duration_s: 20.0,
    warmup_s: 5.0,
}];
