//! The labs. Each has a `params` module (its link parameters; pure, tested natively) and a
//! `view` (browser only).

pub mod backpressure;
pub mod link;

use link::{Link, Notice};

/// Which lab a link opens.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lab {
    /// Producers, bounded queues and overflow policies.
    Backpressure,
}

impl Lab {
    /// Every lab, in menu order.
    pub const ALL: [Self; 1] = [Self::Backpressure];

    /// The name used in links.
    pub fn key(self) -> &'static str {
        match self {
            Self::Backpressure => "backpressure",
        }
    }

    /// Parses a link name.
    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|l| l.key() == key)
    }
}

/// Everything a link says about the page.
#[derive(Clone, Debug, PartialEq)]
pub struct Page {
    /// The lab shown.
    pub lab: Lab,
    /// Hide the site chrome, for iframes.
    pub embed: bool,
    /// The back-pressure lab's parameters.
    pub backpressure: backpressure::params::Params,
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
        let backpressure = backpressure::params::Params::read(&mut link);
        (
            Self {
                lab,
                embed,
                backpressure,
            },
            link.finish(),
        )
    }

    /// The query string (without `?`) that reproduces this page.
    pub fn to_query(&self) -> String {
        let mut pairs = vec![("lab", self.lab.key().to_owned())];
        match self.lab {
            Lab::Backpressure => self.backpressure.write(&mut pairs),
        }
        if self.embed {
            pairs.push(("embed", "1".to_owned()));
        }
        link::build(&pairs)
    }
}
