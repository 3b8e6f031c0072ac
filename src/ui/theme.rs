//! Colours for canvas drawing, matching the CSS light and dark themes, and the user's
//! motion preference.

use leptos::prelude::{signal, use_context, ReadSignal, Set};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

/// A palette for canvases, as RGB triples (see [`css`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Palette {
    /// Background.
    pub bg: (u8, u8, u8),
    /// Text and axes.
    pub fg: (u8, u8, u8),
    /// Grid lines and faint outlines.
    pub grid: (u8, u8, u8),
    /// Arrivals, the producer.
    pub arrival: (u8, u8, u8),
    /// Served messages, throughput.
    pub served: (u8, u8, u8),
    /// Rejections.
    pub rejected: (u8, u8, u8),
    /// Evictions.
    pub dropped: (u8, u8, u8),
    /// The queue's fill.
    pub queue: (u8, u8, u8),
}

const LIGHT: Palette = Palette {
    bg: (255, 255, 255),
    fg: (33, 37, 41),
    grid: (222, 226, 230),
    arrival: (37, 99, 235),
    served: (21, 128, 61),
    rejected: (200, 30, 30),
    dropped: (194, 100, 0),
    queue: (99, 102, 241),
};

const DARK: Palette = Palette {
    bg: (22, 24, 29),
    fg: (226, 232, 240),
    grid: (55, 60, 70),
    arrival: (96, 165, 250),
    served: (74, 222, 128),
    rejected: (248, 113, 113),
    dropped: (251, 191, 36),
    queue: (165, 180, 252),
};

const DARK_QUERY: &str = "(prefers-color-scheme: dark)";
const CALM_QUERY: &str = "(prefers-reduced-motion: reduce)";

fn query(media: &str) -> Option<web_sys::MediaQueryList> {
    web_sys::window()?.match_media(media).ok().flatten()
}

/// What the user asked the system for: a colour scheme and how much motion.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Preferences {
    /// Colours for the current scheme.
    pub palette: Palette,
    /// Whether to keep still what need not move.
    pub reduced_motion: bool,
}

impl Preferences {
    /// The preferences right now.
    pub fn current() -> Self {
        let dark = query(DARK_QUERY).is_some_and(|m| m.matches());
        Self {
            palette: if dark { DARK } else { LIGHT },
            reduced_motion: query(CALM_QUERY).is_some_and(|m| m.matches()),
        }
    }
}

/// The user's preferences as a signal, kept current by the browser's change events rather
/// than polled from the frame loop.
/// The shell calls it once and provides the signal to everything below it, so labs that
/// mount again and again share one set of listeners.
pub fn watch() -> ReadSignal<Preferences> {
    if let Some(shared) = use_context::<ReadSignal<Preferences>>() {
        return shared;
    }
    let (get, set) = signal(Preferences::current());
    for media in [DARK_QUERY, CALM_QUERY] {
        let Some(list) = query(media) else { continue };
        let on_change = Closure::<dyn Fn()>::new(move || {
            set.try_set(Preferences::current());
        });
        let _ = list.add_event_listener_with_callback("change", on_change.as_ref().unchecked_ref());
        // Made once per page (see above), so the listener lives as long as the page.
        on_change.forget();
    }
    get
}

/// A CSS colour string, with alpha.
pub fn css((r, g, b): (u8, u8, u8), alpha: f64) -> String {
    format!("rgba({r},{g},{b},{alpha})")
}
