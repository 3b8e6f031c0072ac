//! The registry of labs and pages: which lab a link opens ([`Lab`]), its parameters behind one
//! type ([`LabParams`]), and everything a link says about the page ([`Page`]). It names no
//! lab's types: each lab's parameters implement [`LabLink`], and a page bundle registers the
//! readers of the labs it carries ([`register`]).

use std::any::Any;
use std::fmt::Debug;

use super::{valid_origin, Link, Notice, Run, MAX_ITEMS};

/// How one lab's parameters are read from a link. A page bundle registers only its own labs'
/// ([`register`]), so the other labs' parsers never reach its download; native code (tests,
/// benchmarks) registers them all (`labs::register_all`).
#[derive(Clone, Copy)]
pub struct LabCodec {
    /// Which lab.
    pub lab: Lab,
    /// Takes the lab's parameters out of a link.
    pub read: fn(&mut Link) -> LabParams,
    /// The pairs of settings it can run side by side.
    pub compares: &'static [Comparison],
}

/// Two settings of a lab run side by side on one seed, so both see the same arrivals and
/// every difference on screen is the pattern's: the link's settings with `a` set, against
/// the same with `b` set. A link names it with `vs=<key>`.
#[derive(Debug, PartialEq, Eq)]
pub struct Comparison {
    /// Its name in links.
    pub key: &'static str,
    /// What is compared, in words.
    pub title: &'static str,
    /// The first run: its label and the link parameters it sets.
    pub a: (&'static str, &'static [(&'static str, &'static str)]),
    /// The second run.
    pub b: (&'static str, &'static [(&'static str, &'static str)]),
}

/// The comparisons `lab` offers (none where this page cannot show it).
pub fn comparisons(lab: Lab) -> &'static [Comparison] {
    codec(lab).map_or(&[], |c| c.compares)
}

static CODECS: std::sync::OnceLock<&'static [LabCodec]> = std::sync::OnceLock::new();

/// Says which labs this page can read links of (once; later calls are ignored).
pub fn register(codecs: &'static [LabCodec]) {
    let _ = CODECS.set(codecs);
}

fn codecs() -> &'static [LabCodec] {
    CODECS.get().copied().unwrap_or(&[])
}

fn codec(lab: Lab) -> Option<&'static LabCodec> {
    codecs().iter().find(|c| c.lab == lab)
}

/// The link name of the tour.
pub const TOUR: &str = "tour";

/// Which lab a link opens.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lab {
    /// Producers, bounded queues and overflow policies.
    Backpressure,
    /// An append-only log, replay, snapshots and schema versions.
    EventSourcing,
    /// A checkout through message queues: retries, dead letters, duplicates.
    Async,
    /// The orders dashboard: query at read time or materialized views, and their refresh.
    Views,
    /// One database against separate write and read paths.
    Cqrs,
    /// A gateway's rate limits, load shedding, bulkheads and circuit breakers.
    Gateway,
    /// Reactive Streams' demand and TCP's window.
    Streams,
    /// The patterns combined, their pitfalls, and the simple alternative.
    Pipeline,
}

impl Lab {
    /// Every lab, in menu order.
    pub const ALL: [Self; 8] = [
        Self::Backpressure,
        Self::EventSourcing,
        Self::Async,
        Self::Views,
        Self::Cqrs,
        Self::Gateway,
        Self::Streams,
        Self::Pipeline,
    ];

    /// The name used in links.
    pub fn key(self) -> &'static str {
        match self {
            Self::Backpressure => "backpressure",
            Self::EventSourcing => "event-sourcing",
            Self::Async => "async",
            Self::Views => "views",
            Self::Cqrs => "cqrs",
            Self::Gateway => "gateway",
            Self::Streams => "streams",
            Self::Pipeline => "pipeline",
        }
    }

    /// The name shown in the menu.
    pub fn title(self) -> &'static str {
        match self {
            Self::Backpressure => "Back-pressure",
            Self::EventSourcing => "Event sourcing",
            Self::Async => "Async processing",
            Self::Views => "Materialized views",
            Self::Cqrs => "CQRS",
            Self::Gateway => "Gateway",
            Self::Streams => "Streams",
            Self::Pipeline => "Pipeline",
        }
    }

    /// Parses a link name.
    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|l| l.key() == key)
    }
}

/// One lab's link parameters, behind [`LabParams`]: each lab's `params::Params` implements
/// it (`link_params!`), so this module names no lab's types and sits below them all.
pub trait LabLink: Any + Debug + Send + Sync {
    /// Which lab.
    fn lab(&self) -> Lab;
    /// The run parameters every lab shares: seed, speed, start time, paused.
    fn run(&self) -> &Run;
    /// The same, to change.
    fn run_mut(&mut self) -> &mut Run;
    /// Appends the lab's parameters, with up to `max_actions` actions.
    fn write(&self, pairs: &mut Vec<(&'static str, String)>, max_actions: usize);
    /// A copy.
    fn boxed(&self) -> Box<dyn LabLink>;
    /// Whether `other` is the same lab with the same parameters.
    fn same(&self, other: &dyn LabLink) -> bool;
    /// As [`Any`], to be read as the lab's own type.
    fn as_any(&self) -> &dyn Any;
    /// The same, to change.
    fn as_any_mut(&mut self) -> &mut dyn Any;
}

/// The open lab and its parameters: a lab reads its own with [`LabParams::get`].
#[derive(Debug)]
pub struct LabParams(Box<dyn LabLink>);

impl LabParams {
    /// One lab's parameters.
    pub fn new(params: impl LabLink) -> Self {
        Self(Box::new(params))
    }

    /// Which lab.
    pub fn lab(&self) -> Lab {
        self.0.lab()
    }

    /// The parameters as lab `P`'s own, if they are its.
    pub fn get<P: LabLink>(&self) -> Option<&P> {
        self.0.as_any().downcast_ref()
    }

    /// The same, to change.
    pub fn get_mut<P: LabLink>(&mut self) -> Option<&mut P> {
        self.0.as_any_mut().downcast_mut()
    }

    /// The run parameters every lab shares: seed, speed, start time, paused.
    pub fn run(&self) -> &Run {
        self.0.run()
    }

    /// The same, to change.
    pub fn run_mut(&mut self) -> &mut Run {
        self.0.run_mut()
    }

    fn write(&self, pairs: &mut Vec<(&'static str, String)>, max_actions: usize) {
        self.0.write(pairs, max_actions);
    }
}

impl Clone for LabParams {
    fn clone(&self) -> Self {
        Self(self.0.boxed())
    }
}

impl PartialEq for LabParams {
    fn eq(&self, other: &Self) -> bool {
        self.0.same(other.0.as_ref())
    }
}

/// Implements [`LabLink`] for a lab's `Params` (with `run`, `read` and `write`, and `Clone`,
/// `Debug` and `PartialEq`), as lab `$lab`.
#[macro_export]
macro_rules! link_params {
    ($params:ty, $lab:ident) => {
        impl $crate::link::registry::LabLink for $params {
            fn lab(&self) -> $crate::link::registry::Lab {
                $crate::link::registry::Lab::$lab
            }
            fn run(&self) -> &$crate::link::Run {
                &self.run
            }
            fn run_mut(&mut self) -> &mut $crate::link::Run {
                &mut self.run
            }
            fn write(&self, pairs: &mut Vec<(&'static str, String)>, max_actions: usize) {
                <$params>::write(self, pairs, max_actions);
            }
            fn boxed(&self) -> Box<dyn $crate::link::registry::LabLink> {
                Box::new(self.clone())
            }
            fn same(&self, other: &dyn $crate::link::registry::LabLink) -> bool {
                other.as_any().downcast_ref::<Self>() == Some(self)
            }
            fn as_any(&self) -> &dyn std::any::Any {
                self
            }
            fn as_any_mut(&mut self) -> &mut dyn std::any::Any {
                self
            }
        }
    };
}

/// Back-pressure parameters: a link with one of them but no `lab` opens that lab, as links
/// did before the tour existed.
pub const BACKPRESSURE_KEYS: [&str; 8] = [
    "producer_rate",
    "arrivals",
    "consumer_rate",
    "workers",
    "service",
    "capacity",
    "policy",
    "memory_mb",
];

/// Everything a link says about the page.
#[derive(Clone, Debug, PartialEq)]
pub struct Page {
    /// The lab shown, with its parameters; `None` is the tour.
    pub lab: Option<LabParams>,
    /// Hide the site chrome, for iframes.
    pub embed: bool,
    /// The guide step shown (0-based; `step=1` in a link is the first).
    pub step: Option<usize>,
    /// Two runs side by side: this page's, which takes the comparison's `a` settings, and a
    /// second with its `b` settings.
    pub compare: Option<&'static Comparison>,
    /// Embedded: the only origin the page's messages to its host go to (`None`: any).
    pub parent_origin: Option<String>,
    /// Steps a course author wrote: in the link, or in a course file beside the site.
    pub authored: Option<Authored>,
    /// The guide panel offers to write a step (`author=1`).
    pub author: bool,
    /// An experiment to show, ready to run (`exp=`).
    pub experiment: Option<super::experiment::Experiment>,
}

/// Where a course author's steps come from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Authored {
    /// The course's JSON, carried by the link (`authored=`).
    Inline(String),
    /// A course file's path relative to the page (`course=`).
    File(String),
}

impl Authored {
    /// Reads `authored=` or `course=` (a link with both keeps the file).
    fn read(link: &mut Link) -> Option<Self> {
        let inline = link.raw("authored").and_then(|json| {
            let n = json.chars().count();
            let ok = n <= super::MAX_AUTHORED;
            if !ok {
                link.refuse(
                    "authored",
                    &format!("carries {n} characters of steps; a link carries at most {}: put them in a course file (course=)", super::MAX_AUTHORED),
                );
            }
            ok.then_some(Self::Inline(json))
        });
        let file = link.raw("course").and_then(|path| {
            let ok = super::valid_course_path(&path);
            if !ok {
                link.refuse(
                    "course",
                    "is not a course file's path beside this page, such as courses/intro.json (letters, digits, -, _, / and a .json ending)",
                );
            }
            ok.then_some(Self::File(path))
        });
        file.or(inline)
    }

    /// Appends `authored=` or `course=`.
    pub fn write(&self, pairs: &mut Vec<(&'static str, String)>) {
        match self {
            Self::Inline(json) => pairs.push(("authored", json.clone())),
            Self::File(path) => pairs.push(("course", path.clone())),
        }
    }
}

impl Page {
    /// Reads a query string; never fails, and names every parameter it could not take.
    pub fn from_query(query: &str) -> (Self, Vec<Notice>) {
        Self::from_link(Link::parse(query))
    }

    /// The run a run file describes, at its end and paused; `Err` if the file is of another
    /// lab than `lab`.
    pub fn from_run_file(
        file: &super::run_file::RunFile,
        lab: Lab,
    ) -> Result<(Self, Vec<Notice>), String> {
        if file.lab != lab.key() {
            return Err(format!(
                "the file is a run of the “{}” lab, not of this one ({}); open it there",
                file.lab.chars().take(40).collect::<String>(),
                lab.key()
            ));
        }
        let mut link = Link::parse(&file.link);
        link.max_actions = crate::sim::timeline::MAX_ACTIONS;
        let (mut page, notices) = Self::from_link(link);
        match page.lab.as_mut().filter(|p| p.lab() == lab) {
            Some(params) => (params.run_mut().t, params.run_mut().paused) = (file.t_s, true),
            None => return Err("the file's link does not open this lab".to_owned()),
        }
        Ok((page, notices))
    }

    /// Reads a parsed link.
    pub fn from_link(mut link: Link) -> (Self, Vec<Notice>) {
        let names: Vec<&str> = std::iter::once(TOUR)
            .chain(Lab::ALL.iter().map(|l| l.key()))
            .collect();
        let implied = BACKPRESSURE_KEYS
            .iter()
            .any(|k| link.raw_present(k))
            .then_some(Lab::Backpressure);
        let lab = if link.raw_present("lab") {
            link.choice(
                "lab",
                |k| match k {
                    TOUR => Some(None),
                    k => Lab::from_key(k).map(Some),
                },
                &names,
                implied,
                implied.map_or(TOUR, Lab::key),
            )
        } else {
            implied
        };
        let embed = link.flag("embed");
        let author = link.flag("author");
        let authored = Authored::read(&mut link);
        let experiment = link.raw("exp").and_then(|text| {
            super::experiment::Experiment::parse(&text)
                .map_err(|e| link.refuse("exp", &format!("{e}; the lab opens without it")))
                .ok()
        });
        let parent_origin = link.raw("parent_origin").and_then(|o| {
            let ok = valid_origin(&o);
            if !ok {
                link.refuse(
                    "parent_origin",
                    "is not an origin such as https://course.example.org; messages to the course page go to any origin",
                );
            }
            ok.then_some(o)
        });
        // Steps are checked against the guide's length where the guide is shown (the panel
        // clamps); here only against the bound every guide keeps, so parsing a link does not
        // pull every lab's guide into every page bundle.
        let step = lab.and_then(|_| {
            link.raw_present("step")
                .then(|| link.integer("step", 1, MAX_ITEMS as u32, 1) as usize - 1)
        });
        // A lab this page cannot show is left to its own bundle (the loader's choice): here
        // it reads as the tour.
        let codec = lab.and_then(codec);
        let compare = match codec {
            Some(c) if link.raw_present("vs") => {
                let names: Vec<&str> = c.compares.iter().map(|x| x.key).collect();
                let none = if names.is_empty() {
                    "none (this lab has no comparisons)"
                } else {
                    "none"
                };
                link.choice(
                    "vs",
                    |k| c.compares.iter().find(|x| x.key == k).map(Some),
                    &names,
                    None,
                    none,
                )
            }
            _ => None,
        };
        // The first run is always the comparison's first side, whatever the link says.
        for (k, v) in compare.map_or(&[][..], |c| c.a.1) {
            link.set(k, v);
        }
        let lab = codec.map(|c| (c.read)(&mut link));
        let page = Self {
            lab,
            embed,
            step,
            compare,
            parent_origin,
            authored,
            author,
            experiment,
        };
        (page, link.finish())
    }

    /// This page comparing by `compare` (or no longer comparing): its own run takes the
    /// comparison's `a` settings.
    pub fn comparing(&self, compare: Option<&'static Comparison>) -> Self {
        let mut link = Link::parse(&self.to_query());
        link.remove("vs");
        if let Some(c) = compare {
            link.set("vs", c.key);
        }
        Self::from_link(link).0
    }

    /// The second run's parameters: this page's with the comparison's `b` settings.
    pub fn versus(&self) -> Option<LabParams> {
        let c = self.compare?;
        let mut link = Link::parse(&self.to_query());
        // Read as a page of its own, or the comparison would put the first side's back.
        link.remove("vs");
        for (k, v) in c.b.1 {
            link.set(k, v);
        }
        Self::from_link(link).0.lab
    }

    /// The query string (without `?`) that reproduces this page.
    pub fn to_query(&self) -> String {
        self.to_query_with(super::actions::MAX_LINK_ACTIONS)
    }

    /// The query string, with up to `max_actions` actions (a run file carries more than a
    /// link).
    pub fn to_query_with(&self, max_actions: usize) -> String {
        let mut pairs = vec![(
            "lab",
            self.lab.as_ref().map_or(TOUR, |l| l.lab().key()).to_owned(),
        )];
        if let Some(step) = self.step {
            pairs.push(("step", (step + 1).to_string()));
        }
        if let Some(p) = &self.lab {
            p.write(&mut pairs, max_actions);
        }
        if let Some(c) = self.compare {
            pairs.push(("vs", c.key.to_owned()));
        }
        if self.embed {
            pairs.push(("embed", "1".to_owned()));
        }
        if let Some(origin) = &self.parent_origin {
            pairs.push(("parent_origin", origin.clone()));
        }
        if let Some(a) = &self.authored {
            a.write(&mut pairs);
        }
        if self.author {
            pairs.push(("author", "1".to_owned()));
        }
        if let Some(e) = &self.experiment {
            pairs.push(("exp", e.to_json()));
        }
        super::build(&pairs)
    }
}
