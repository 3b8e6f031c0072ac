//! A course author's steps for the open lab: read from the link (`authored=`) at once, or
//! fetched from a course file beside the page (`course=`, same origin: the page's
//! Content-Security-Policy allows nothing else). Whatever is wrong is named, and the lab opens
//! with its own guide when nothing of the course is usable.

use std::cell::RefCell;
use std::rc::Rc;

use leptos::prelude::*;
use wasm_bindgen::prelude::*;

use crate::course::authored::{AuthoredGuide, Course, Measure, MAX_COURSE_BYTES};
use crate::course::LabGuide;
use crate::link::registry::{Authored, Lab};
use crate::link::Notice;

/// What the guide panel shows of a course besides its steps.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CourseNote {
    /// Why the course could not be used at all (then the lab's own guide is shown).
    pub failed: Option<String>,
    /// Steps and challenges left out, and why.
    pub problems: Vec<Notice>,
    /// The course's other labs, as links.
    pub elsewhere: Vec<(Lab, String)>,
}

/// Where the course stands.
#[derive(Clone)]
pub enum CourseState {
    /// The course file is on its way.
    Loading(String),
    /// The guide to show, and what to say of the course.
    Ready(&'static dyn LabGuide, CourseNote),
}

/// The guide `course` gives `lab`, or the lab's own when none of it is usable; with the
/// course's problems. The authored guide is leaked: built once a page, it lives as long as
/// the page.
fn guide_of(
    course: Result<Course, String>,
    lab: Lab,
    own: &'static dyn LabGuide,
    measure: Measure,
    authored: &Authored,
) -> (&'static dyn LabGuide, CourseNote) {
    let course = match course {
        Ok(c) => c,
        Err(e) => {
            return (
                own,
                CourseNote {
                    failed: Some(e),
                    ..CourseNote::default()
                },
            )
        }
    };
    let built = AuthoredGuide::build(&course, lab.key(), measure);
    let elsewhere = built
        .elsewhere
        .iter()
        .filter_map(|key| Lab::from_key(key))
        .filter_map(|other| {
            let mut pairs = vec![("lab", other.key().to_owned()), ("step", "1".to_owned())];
            authored.write(&mut pairs);
            crate::ui::page_url::with_query(&crate::link::build(&pairs)).map(|url| (other, url))
        })
        .collect();
    let mut problems = built.problems;
    for key in built
        .elsewhere
        .iter()
        .filter(|k| Lab::from_key(k).is_none())
    {
        problems.push(Notice {
            key: "lab".to_owned(),
            message: format!("the course names a lab “{key}” that Scaling Lab does not have"),
        });
    }
    match built.guide {
        Some(g) => (
            Box::leak(Box::new(g)),
            CourseNote {
                failed: None,
                problems,
                elsewhere,
            },
        ),
        None => (
            own,
            CourseNote {
                failed: Some(if elsewhere.is_empty() {
                    "none of its steps or challenges could be used here".to_owned()
                } else {
                    "it has no steps or challenges in this lab".to_owned()
                }),
                problems,
                elsewhere,
            },
        ),
    }
}

/// The course the link brings for `lab`: ready at once for steps in the link, loading for a
/// course file.
pub fn open(
    authored: &'static Authored,
    lab: Lab,
    own: &'static dyn LabGuide,
    measure: Measure,
) -> RwSignal<CourseState> {
    match authored {
        Authored::Inline(json) => {
            let (g, note) = guide_of(Course::parse(json), lab, own, measure, authored);
            RwSignal::new(CourseState::Ready(g, note))
        }
        Authored::File(path) => {
            let state = RwSignal::new(CourseState::Loading(path.clone()));
            fetch_text(path, move |text| {
                let course = text.and_then(|t| Course::parse(&t));
                let (g, note) = guide_of(course, lab, own, measure, authored);
                state.set(CourseState::Ready(g, note));
            });
            state
        }
    }
}

/// Fetches `path` (relative to the page) as text, then calls `done` once: with the text, or
/// with why it could not be had.
fn fetch_text(path: &str, done: impl FnOnce(Result<String, String>) + 'static) {
    type Done = Box<dyn FnOnce(Result<String, String>)>;
    let done: Rc<RefCell<Option<Done>>> = Rc::new(RefCell::new(Some(Box::new(done))));
    let finish = {
        let done = done.clone();
        move |r: Result<String, String>| {
            if let Some(f) = done.borrow_mut().take() {
                f(r);
            }
        }
    };
    let Ok(xhr) = web_sys::XmlHttpRequest::new() else {
        finish(Err("this browser cannot fetch the course file".to_owned()));
        return;
    };
    if xhr.open("GET", path).is_err() {
        finish(Err(format!(
            "the course file “{path}” cannot be fetched from here"
        )));
        return;
    }
    let (on_load, on_error) = {
        let (xhr, name) = (xhr.clone(), path.to_owned());
        let f = finish.clone();
        let load = Closure::once_into_js(move || {
            let status = xhr.status().unwrap_or(0);
            let text = xhr.response_text().ok().flatten().unwrap_or_default();
            f(match status {
                200 if text.len() <= MAX_COURSE_BYTES => Ok(text),
                200 => Err(format!(
                    "the course file “{name}” is larger than {} KB",
                    MAX_COURSE_BYTES / 1024
                )),
                s => Err(format!(
                    "the course file “{name}” could not be fetched (the server answered {s})"
                )),
            });
        });
        let path = path.to_owned();
        let error = Closure::once_into_js(move || {
            finish(Err(format!(
                "the course file “{path}” could not be fetched (no answer: is it beside the page?)"
            )));
        });
        (load, error)
    };
    xhr.set_onload(Some(on_load.unchecked_ref()));
    xhr.set_onerror(Some(on_error.unchecked_ref()));
    let _ = xhr.send();
}
