//! The link contract: parameters round-trip, bad values are replaced and named.

use proptest::prelude::*;
use scaling_lab::labs::backpressure::params::Params;
use scaling_lab::link::registry::{Lab, LabLink, LabParams, Page};

/// The parameters of lab type `P` that link `q` holds, which it takes without a notice and
/// writes back as it was.
pub(crate) fn round_trip<P: LabLink + Clone>(q: &str) -> P {
    scaling_lab::labs::register_all();
    let (page, notices) = Page::from_query(q);
    assert!(notices.is_empty(), "{notices:?}");
    assert_eq!(page.to_query(), q);
    match page.lab.as_ref().and_then(|l| l.get::<P>()) {
        Some(p) => p.clone(),
        None => panic!("not the lab of {q}: {:?}", page.lab),
    }
}

fn bp(page: &Page) -> Params {
    match page.lab.as_ref().and_then(|l| l.get::<Params>()) {
        Some(p) => p.clone(),
        None => panic!("not the back-pressure lab: {:?}", page.lab),
    }
}
use scaling_lab::sim::queue::OverflowPolicy;

#[test]
fn actions_round_trip_and_bad_entries_are_named() {
    scaling_lab::labs::register_all();
    let q = "lab=backpressure&seed=3&speed=1&producer_rate=10000&arrivals=steady&consumer_rate=5000&workers=1&service=fixed&capacity=10000&policy=unbounded&memory_mb=64&actions=1500w4_2000p12000_2500o2";
    assert_eq!(round_trip::<Params>(q).actions.len(), 3);
    let (page, notices) =
        Page::from_query("lab=backpressure&actions=1500w4_xx_99999999999w2_2000o9_100p5");
    assert_eq!(bp(&page).actions.len(), 2, "{:?}", bp(&page).actions);
    assert_eq!(bp(&page).actions[0].0, 100, "sorted by tick");
    assert!(
        notices
            .iter()
            .any(|n| n.key == "actions" && n.message.contains("3 entries")),
        "{notices:?}"
    );
    let many: Vec<String> = (0..250).map(|i| format!("{i}w2")).collect();
    let (page, notices) = Page::from_query(&format!("lab=backpressure&actions={}", many.join("_")));
    assert_eq!(bp(&page).actions.len(), 200);
    assert!(
        notices.iter().any(|n| n.message.contains("at most 200")),
        "{notices:?}"
    );
}

#[test]
fn the_documented_example_round_trips() {
    scaling_lab::labs::register_all();
    let q = "lab=backpressure&seed=1&speed=1&producer_rate=10000&arrivals=poisson&consumer_rate=5000&workers=1&service=exponential&capacity=10000&policy=drop_oldest&memory_mb=64";
    assert_eq!(
        round_trip::<Params>(q).config.policy,
        OverflowPolicy::DropOldest
    );
}

#[test]
fn bad_values_are_replaced_and_named() {
    scaling_lab::labs::register_all();
    let (page, notices) = Page::from_query("?lab=nope&policy=yolo&producer_rate=-5&workers=abc&capacity=1e12&speed=100&t=-3&paused=maybe&bogus=1&embed=1");
    let named: Vec<&str> = notices.iter().map(|n| n.key.as_str()).collect();
    for key in [
        "lab",
        "policy",
        "producer_rate",
        "workers",
        "capacity",
        "speed",
        "t",
        "paused",
        "bogus",
    ] {
        assert!(named.contains(&key), "{key} not named in {named:?}");
    }
    let p = bp(&page);
    assert_eq!(
        page.lab.as_ref().map(LabParams::lab),
        Some(Lab::Backpressure)
    );
    assert!(page.embed);
    assert_eq!(p.config.policy, OverflowPolicy::Unbounded);
    assert_eq!(p.config.producer_rate, 0);
    assert_eq!(p.config.workers, 1);
    assert_eq!(p.config.capacity, 100_000);
    assert_eq!(p.run.speed, 16.0);
    assert_eq!(p.run.t, 0.0);
}

proptest! {
    #[test]
    fn any_query_parses_without_panicking(q in ".{0,200}") {
        let (page, _) = Page::from_query(&q);
        // Whatever came in, what goes out reads back the same, with nothing to complain about.
        let (again, notices) = Page::from_query(&page.to_query());
        prop_assert!(notices.is_empty(), "{:?}", notices);
        prop_assert_eq!(again, page);
    }

    #[test]
    fn numbers_round_trip(rate in 0u32..=20_000, workers in 1u32..=16, seed in any::<u32>(), t in 0.0f64..300.0) {
        scaling_lab::labs::register_all();
        let q = format!("producer_rate={rate}&workers={workers}&seed={seed}&t={t:.3}&paused=1");
        let (page, notices) = Page::from_query(&q);
        prop_assert!(notices.is_empty());
        let p = bp(&page);
        prop_assert_eq!((p.config.producer_rate, p.config.workers, p.run.seed), (rate, workers, u64::from(seed)));
        prop_assert!(p.run.paused);
        let (again, _) = Page::from_query(&page.to_query());
        prop_assert_eq!(again, page);
    }
}

#[test]
fn event_sourcing_links_round_trip_and_name_bad_values() {
    scaling_lab::labs::register_all();
    use scaling_lab::labs::event_sourcing::params::Params as Es;
    let es = |page: &Page| -> Es {
        match page.lab.as_ref().and_then(|l| l.get::<Es>()) {
            Some(p) => p.clone(),
            None => panic!("not the event-sourcing lab: {:?}", page.lab),
        }
    };
    let q = "lab=event-sourcing&seed=4&speed=2&t=10&paused=1&command_rate=200&accounts=25&snapshot_every=500&projection_delay_ms=1000&upcaster=off&v2_at=3.5&offset=120";
    let p: Es = round_trip(q);
    assert_eq!(
        (
            p.config.accounts,
            p.config.snapshot_every,
            p.config.upcaster
        ),
        (25, 500, false)
    );
    assert_eq!((p.offset, p.v2_at()), (Some(120), Some(3.5)));

    let (page, notices) = Page::from_query(
        "lab=event-sourcing&snapshot_every=7&upcaster=maybe&offset=-1&accounts=1e6&policy=reject",
    );
    let named: Vec<&str> = notices.iter().map(|n| n.key.as_str()).collect();
    for key in ["snapshot_every", "upcaster", "offset", "accounts", "policy"] {
        assert!(named.contains(&key), "{key} not named in {named:?}");
    }
    let p = es(&page);
    assert_eq!(
        (
            p.config.snapshot_every,
            p.config.upcaster,
            p.offset,
            p.config.accounts
        ),
        (100, true, Some(0), 1_000)
    );
}

#[test]
fn no_lab_opens_the_tour_unless_the_link_has_back_pressure_parameters() {
    scaling_lab::labs::register_all();
    for q in ["", "?", "lab=tour", "seed=3", "embed=1"] {
        let (page, _) = Page::from_query(q);
        assert_eq!(page.lab, None, "{q}");
        assert_eq!(page.step, None);
    }
    let (page, notices) = Page::from_query("producer_rate=7000&policy=reject");
    assert!(notices.is_empty(), "{notices:?}");
    assert_eq!(bp(&page).config.producer_rate, 7000);
    let (page, notices) = Page::from_query("lab=nowhere");
    assert_eq!(page.lab, None);
    assert_eq!(notices[0].key, "lab");
}

#[test]
fn a_step_round_trips_and_out_of_range_steps_are_clamped() {
    scaling_lab::labs::register_all();
    let (page, notices) = Page::from_query("lab=backpressure&step=3");
    assert!(notices.is_empty(), "{notices:?}");
    assert_eq!(page.step, Some(2));
    assert!(page.to_query().starts_with("lab=backpressure&step=3&"));
    let (page, notices) = Page::from_query("lab=event-sourcing&step=99");
    // Links are checked against the bound every guide keeps; the panel shows the last step.
    assert_eq!(page.step, Some(scaling_lab::course::MAX_ITEMS - 1));
    assert_eq!(notices[0].key, "step");
    let (page, notices) = Page::from_query("lab=event-sourcing&step=9");
    assert_eq!(page.step, Some(8));
    assert!(notices.is_empty());
    let (page, notices) = Page::from_query("lab=tour&step=2");
    assert_eq!(page.step, None);
    assert_eq!(notices[0].key, "step");
}

/// Links a course might carry, to mutate.
const SEEDS: [&str; 18] = [
    "lab=async&seed=4&mode=sync&order_rate=300&vs=sync-async&t=3",
    "lab=backpressure&policy=reject&producer_rate=900&vs=reject-drop-oldest",
    "lab=backpressure&step=3&seed=7&producer_rate=12000&arrivals=burst&workers=3&policy=drop_oldest&capacity=400&t=12&paused=1",
    "lab=event-sourcing&seed=2&command_rate=400&accounts=8&snapshot_every=200&v2_at=3.5&upcaster=off&offset=1500&t=10",
    "lab=tour",
    "producer_rate=10000&policy=reject&embed=1",
    "lab=event-sourcing&step=5&embed=1",
    "lab=backpressure&seed=3&workers=1&actions=1500w4_2000p12000_2500o2_3000a1",
    "lab=event-sourcing&seed=5&command_rate=0&actions=0O0_100D0.200_150W0.50_200X0.100_300r50&v2_at=1",
    "lab=async&mode=sync&order_rate=300&outage=email&outage_at=5&outage_s=10&dlq=off&actions=1000y1_2000w0.9_3000R",
    "lab=cqrs&arch=traditional&write_rate=900&read_rate=7000&joins=3&ryw=on&actions=800a1_1200n4_1600y0",
    "lab=pipeline&write_rate=90000&partitions=6&consumers=3&backpressure=off&snapshots=off&idempotent=off&dlq=off&bounded=off&stale_monitor=on&stale_alert_s=3&poison_at=1&crash_at=2&redelivery_pct=15&spike_at=1&spike_x=5&actions=300C_600P_900S_1200i1_1500a0",
    "lab=streams&scene=demand&producer_rate=12000&consumer_rate=4000&mode=demand&batch=128&actions=500n64_900Z_1200S_1500m0",
    "lab=streams&scene=tcp&rwnd_kb=32&read_kbps=40&send_kbps=9000&rtt_ms=80&actions=700r9000_1100t20_1400s100",
    "lab=gateway&seed=4&rate_a=2000&rate_c=6000&limit=1500&burst=50&shedding=on&threads=300&pool=bulkhead&breaker=resilience4j&slow_b_at=3&slow_b_factor=20&retry=backoff&actions=500r2.900_700k1_900B_1200y1_1500o400",
    "lab=cqrs&scene=timeline&users=5000&zipf=1.1&tweet_rate=300&timeline_rate=9000&fanout=hybrid&celebrity_threshold=2000&fanout_capacity=40000&actions=500b_900f1_1200c5000_1500k900",
    "lab=views&dataset=linkedin&users=5000&connections=120&order_rate=1500&read_from=query&stream_capacity=90000&actions=700c5000_900q1",
    "lab=views&order_rate=3000&users=500&read_from=query&refresh=incremental&refresh_daily=stream&refresh_every_s=2&skew=1.5&day_s=20&actions=500s2_800k1_1200N_1500q1_1700v1.2_1900v2.3",
];

#[test]
fn a_moment_finer_than_a_tick_reads_as_its_tick_and_round_trips() {
    scaling_lab::labs::register_all();
    for (t, want) in [
        ("10e-5", 0.0),
        ("0.0004", 0.0),
        ("1.2345", 1.235),
        ("2.5", 2.5),
    ] {
        let (page, _) = Page::from_query(&format!("lab=event-sourcing&t={t}"));
        let (again, notices) = Page::from_query(&page.to_query());
        assert!(notices.is_empty(), "{t}: {notices:?}");
        assert_eq!(again, page, "{t}");
        let Some(p) = page.lab.as_ref().and_then(|l| {
            l.get::<scaling_lab::labs::event_sourcing::params::Params>()
                .cloned()
        }) else {
            unreachable!()
        };
        assert!((p.run.t - want).abs() < 1e-9, "{t}: {}", p.run.t);
    }
}

/// The run a page describes, opened by the lab's own engine from its start and stepped a
/// little: a link that parses must also run.
fn open_and_step(page: &Page) {
    scaling_lab::labs::register_all();
    use scaling_lab::course::Engine;
    use scaling_lab::labs::backpressure::guide::BpRun;
    use scaling_lab::labs::event_sourcing::guide::EsRun;
    use scaling_lab::link::Link;
    let mut page = page.clone();
    match &mut page.lab {
        Some(params) => params.run_mut().t = 0.0,
        None => return,
    }
    let q = page.to_query();
    match page.lab.as_ref().map(LabParams::lab) {
        Some(Lab::Backpressure) => BpRun::open(&mut Link::parse(&q)).run_to(0.05),
        Some(Lab::EventSourcing) => EsRun::open(&mut Link::parse(&q)).run_to(0.05),
        Some(Lab::Async) => {
            scaling_lab::labs::async_processing::guide::AsyncRun::open(&mut Link::parse(&q))
                .run_to(0.05);
        }
        Some(Lab::Views) => {
            scaling_lab::labs::views::guide::ViewsRun::open(&mut Link::parse(&q)).run_to(0.05);
        }
        Some(Lab::Cqrs) => {
            let mut link = Link::parse(&q);
            if q.contains("scene=timeline") {
                scaling_lab::labs::cqrs::fanout::guide::FanoutRun::open(&mut link).run_to(0.05);
            } else {
                scaling_lab::labs::cqrs::guide::CqrsRun::open(&mut link).run_to(0.05);
            }
        }
        Some(Lab::Gateway) => {
            scaling_lab::labs::gateway::guide::GatewayRun::open(&mut Link::parse(&q)).run_to(0.05);
        }
        Some(Lab::Streams) => {
            scaling_lab::labs::streams::guide::StreamsRun::open(&mut Link::parse(&q)).run_to(0.05);
        }
        Some(Lab::Pipeline) => {
            scaling_lab::labs::pipeline::guide::PipelineRun::open(&mut Link::parse(&q))
                .run_to(0.05);
        }
        None => {}
    }
}

proptest! {
    // Cheap cases: parsing is microseconds; one in 25 also runs the engine for 50 ms.
    #![proptest_config(ProptestConfig::with_cases(10_000))]

    /// Mutated course links: whatever the edits, the link parses to a page (naming what it
    /// could not take), that page writes a link that reads back the same, and its run starts.
    #[test]
    fn mutated_links_open_a_page_or_name_what_is_wrong(
        seed in prop::sample::select(SEEDS.to_vec()),
        edits in prop::collection::vec((any::<prop::sample::Index>(), any::<char>(), 0u8..3), 0..10),
        tail in "[&=a-z_0-9%.-]{0,30}",
        run in 0u8..25,
    ) {
        let mut q: Vec<char> = seed.chars().collect();
        for (at, c, how) in edits {
            let i = at.index(q.len() + 1);
            match how {
                0 => q.insert(i, c),
                1 if i < q.len() => { q.remove(i); }
                _ if i < q.len() => q[i] = c,
                _ => q.push(c),
            }
        }
        let q: String = q.into_iter().collect::<String>() + &tail;
        let (page, _) = Page::from_query(&q);
        let (again, notices) = Page::from_query(&page.to_query());
        prop_assert!(notices.is_empty(), "{:?}", notices);
        prop_assert_eq!(&again, &page);
        if run == 0 {
            open_and_step(&page);
        }
    }
}
