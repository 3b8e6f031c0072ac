//! The views lab's link parameters and action codes.

use crate::link::actions::{split_code, LinkAction};
use crate::link::registry::Comparison;
use crate::link::Link;
use crate::sim::views::config::{
    MAX_CATEGORIES, MAX_DAY_S, MAX_ORDER_RATE, MAX_PERIOD_S, MAX_PRODUCTS, MAX_READ_RATE, MAX_SKEW,
    MAX_STREAM_CAPACITY, MAX_USERS, MIN_DAY_S,
};
use crate::sim::views::feed::{MAX_CONNECTIONS, MAX_MEMBERS};
use crate::sim::views::{Dataset, ReadFrom, Refresh, ViewsAction, ViewsConfig, ViewsSim};
use crate::sim::Keyed;

/// The link names of the views' own strategies, in `ViewKind::ALL` order.
pub const PER_VIEW_KEYS: [&str; 3] = ["refresh_by_user", "refresh_by_product", "refresh_daily"];

/// Every view on one strategy, for the comparisons.
const ALL_SAME: [(&str, &str); 3] = [
    ("refresh_by_user", "same"),
    ("refresh_by_product", "same"),
    ("refresh_daily", "same"),
];

/// The runs this lab sets side by side.
pub const COMPARES: [Comparison; 2] = [
    Comparison {
        key: "full-stream",
        title: "Full refresh against a stream processor",
        a: (
            "full refresh",
            &[
                ("refresh", "full"),
                ("read_from", "view"),
                ALL_SAME[0],
                ALL_SAME[1],
                ALL_SAME[2],
            ],
        ),
        b: (
            "stream",
            &[
                ("refresh", "stream"),
                ("read_from", "view"),
                ALL_SAME[0],
                ALL_SAME[1],
                ALL_SAME[2],
            ],
        ),
    },
    Comparison {
        key: "query-view",
        title: "Reading the query against reading the view",
        a: ("query at read time", &[("read_from", "query")]),
        b: ("materialized view", &[("read_from", "view")]),
    },
];

fn read_from(k: &str) -> Option<ReadFrom> {
    match k {
        "query" => Some(ReadFrom::Query),
        "view" => Some(ReadFrom::View),
        _ => None,
    }
}

impl Params {
    /// Reads the lab's settings from a link.
    fn read_config(link: &mut Link) -> ViewsConfig {
        let c = ViewsConfig::default();
        let dataset = link.choice(
            "dataset",
            |k| match k {
                "orders" => Some(Dataset::Orders),
                "linkedin" => Some(Dataset::Linkedin),
                _ => None,
            },
            &["orders", "linkedin"],
            c.dataset,
            c.dataset.key(),
        );
        let max_users = match dataset {
            Dataset::Orders => MAX_USERS,
            Dataset::Linkedin => MAX_MEMBERS,
        };

        ViewsConfig {
            dataset,
            connections: link.integer("connections", 2, MAX_CONNECTIONS, c.connections),
            order_rate: link.integer("order_rate", 0, MAX_ORDER_RATE, c.order_rate),
            users: link.integer("users", 1, max_users, c.users.min(max_users)),
            products: link.integer("products", 1, MAX_PRODUCTS, c.products),
            categories: link.integer("categories", 1, MAX_CATEGORIES, c.categories),
            skew: (link.decimal(
                "skew",
                0.0,
                f64::from(MAX_SKEW) / 100.0,
                &[],
                f64::from(c.skew) / 100.0,
            ) * 100.0)
                .round() as u32,
            read_rate: link.integer("read_rate", 0, MAX_READ_RATE, c.read_rate),
            read_from: link.choice(
                "read_from",
                read_from,
                &["query", "view"],
                c.read_from,
                c.read_from.key(),
            ),
            refresh: link.keyed("refresh", c.refresh),
            per_view: PER_VIEW_KEYS.map(|key| {
                link.choice(
                    key,
                    |k| match k {
                        "same" => Some(None),
                        k => Refresh::from_key(k).map(Some),
                    },
                    &["same", "full", "incremental", "stream"],
                    None,
                    "same",
                )
            }),
            refresh_every_s: link.integer("refresh_every_s", 1, MAX_PERIOD_S, c.refresh_every_s),
            stream_capacity: link.integer(
                "stream_capacity",
                1,
                MAX_STREAM_CAPACITY,
                c.stream_capacity,
            ),
            cache: link.on_off("cache", c.cache),
            stale_alert_s: link.integer("stale_alert_s", 1, MAX_PERIOD_S, c.stale_alert_s),
            day_s: link.integer("day_s", MIN_DAY_S, MAX_DAY_S, c.day_s),
        }
    }

    /// Appends the lab's settings.
    fn write_config(c: &ViewsConfig, pairs: &mut Vec<(&'static str, String)>) {
        pairs.extend([
            ("dataset", c.dataset.key().to_owned()),
            ("connections", c.connections.to_string()),
            ("order_rate", c.order_rate.to_string()),
            ("users", c.users.to_string()),
            ("products", c.products.to_string()),
            ("categories", c.categories.to_string()),
            ("skew", format!("{}", f64::from(c.skew) / 100.0)),
            ("read_rate", c.read_rate.to_string()),
            ("read_from", c.read_from.key().to_owned()),
            ("refresh", c.refresh.key().to_owned()),
        ]);
        for (key, r) in PER_VIEW_KEYS.iter().zip(c.per_view) {
            if let Some(r) = r {
                pairs.push((key, r.key().to_owned()));
            }
        }
        pairs.extend([
            ("refresh_every_s", c.refresh_every_s.to_string()),
            ("stream_capacity", c.stream_capacity.to_string()),
            ("cache", if c.cache { "on" } else { "off" }.to_owned()),
            ("stale_alert_s", c.stale_alert_s.to_string()),
            ("day_s", c.day_s.to_string()),
        ]);
    }
}

impl LinkAction for ViewsAction {
    fn code(&self) -> String {
        match *self {
            Self::OrderRate(v) => format!("o{v}"),
            Self::ReadRate(v) => format!("r{v}"),
            Self::ReadFrom(f) => format!("q{}", u8::from(f == ReadFrom::View)),
            Self::Refresh(r) => format!("s{}", r.index()),
            Self::ViewRefresh(i, r) => format!("v{i}.{}", r.map(Refresh::index).unwrap_or(3)),
            Self::RefreshEvery(v) => format!("p{v}"),
            Self::StreamCapacity(v) => format!("c{v}"),
            Self::Cache(on) => format!("k{}", u8::from(on)),
            Self::StaleAlert(v) => format!("a{v}"),
            Self::RefreshNow => "N".to_owned(),
        }
    }

    fn from_code(code: &str) -> Option<Self> {
        let (letter, n) = split_code(code)?;
        Some(match (letter, &n[..]) {
            ('o', &[v]) => Self::OrderRate(v),
            ('r', &[v]) => Self::ReadRate(v),
            ('q', &[v]) if v <= 1 => Self::ReadFrom(if v == 1 {
                ReadFrom::View
            } else {
                ReadFrom::Query
            }),
            ('s', &[v]) => Self::Refresh(Refresh::nth(v)?),
            ('v', &[i, k]) if i < 3 && k <= 3 => Self::ViewRefresh(i as u8, Refresh::nth(k)),
            ('p', &[v]) => Self::RefreshEvery(v),
            ('c', &[v]) => Self::StreamCapacity(v),
            ('k', &[v]) if v <= 1 => Self::Cache(v == 1),
            ('a', &[v]) => Self::StaleAlert(v),
            ('N', &[]) => Self::RefreshNow,
            _ => return None,
        })
    }
}

run_params!(pub struct Params for ViewsSim, ViewsConfig);
