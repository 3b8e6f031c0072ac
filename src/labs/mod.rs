//! The labs. Each has a `params` module (its link parameters; pure, tested natively), a
//! `text` module (its words) and a view (browser only).

pub mod backpressure;
pub mod event_sourcing;
pub mod link;

use link::{Link, Notice};

/// Which lab a link opens.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lab {
    /// Producers, bounded queues and overflow policies.
    Backpressure,
    /// An append-only log, replay, snapshots and schema versions.
    EventSourcing,
}

impl Lab {
    /// Every lab, in menu order.
    pub const ALL: [Self; 2] = [Self::Backpressure, Self::EventSourcing];

    /// The name used in links.
    pub fn key(self) -> &'static str {
        match self {
            Self::Backpressure => "backpressure",
            Self::EventSourcing => "event-sourcing",
        }
    }

    /// The name shown in the menu.
    pub fn title(self) -> &'static str {
        match self {
            Self::Backpressure => "Back-pressure",
            Self::EventSourcing => "Event sourcing",
        }
    }

    /// Parses a link name.
    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|l| l.key() == key)
    }
}

/// The open lab and its parameters.
#[derive(Clone, Debug, PartialEq)]
pub enum LabParams {
    /// The back-pressure lab.
    Backpressure(backpressure::params::Params),
    /// The event-sourcing lab.
    EventSourcing(event_sourcing::params::Params),
}

impl LabParams {
    /// Which lab.
    pub fn lab(&self) -> Lab {
        match self {
            Self::Backpressure(_) => Lab::Backpressure,
            Self::EventSourcing(_) => Lab::EventSourcing,
        }
    }
}

/// Everything a link says about the page.
#[derive(Clone, Debug, PartialEq)]
pub struct Page {
    /// The lab shown, with its parameters.
    pub lab: LabParams,
    /// Hide the site chrome, for iframes.
    pub embed: bool,
}

impl Page {
    /// Reads a query string; never fails, and names every parameter it could not take.
    pub fn from_query(query: &str) -> (Self, Vec<Notice>) {
        let mut link = Link::parse(query);
        let names: Vec<&str> = Lab::ALL.iter().map(|l| l.key()).collect();
        let lab = link.choice(
            "lab",
            Lab::from_key,
            &names,
            Lab::Backpressure,
            Lab::Backpressure.key(),
        );
        let embed = link.flag("embed");
        let lab = match lab {
            Lab::Backpressure => {
                LabParams::Backpressure(backpressure::params::Params::read(&mut link))
            }
            Lab::EventSourcing => {
                LabParams::EventSourcing(event_sourcing::params::Params::read(&mut link))
            }
        };
        (Self { lab, embed }, link.finish())
    }

    /// The query string (without `?`) that reproduces this page.
    pub fn to_query(&self) -> String {
        let mut pairs = vec![("lab", self.lab.lab().key().to_owned())];
        match &self.lab {
            LabParams::Backpressure(p) => p.write(&mut pairs),
            LabParams::EventSourcing(p) => p.write(&mut pairs),
        }
        if self.embed {
            pairs.push(("embed", "1".to_owned()));
        }
        link::build(&pairs)
    }
}
