//! SCORM 1.2, when a learning management system launched the page: the page finds the LMS's
//! `API` object in the frames around it (as SCORM 1.2's run-time expects: up the parents,
//! then the opener), initialises, keeps the learner's progress in `cmi.suspend_data` (and
//! takes it from there on a relaunch), reports `cmi.core.lesson_status` (incomplete, then
//! passed once the lab's challenges are passed) with the challenges passed as
//! `cmi.core.score.raw` out of their number, and finishes when the page goes away. Outside
//! an LMS there is no `API` and nothing here does anything.

use std::cell::RefCell;

use js_sys::{Array, Function, Object, Reflect};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

use crate::course::progress::Progress;

/// How many frames up the API is looked for (the run-time's own bound, give or take).
const MAX_FRAMES: usize = 10;
/// The most `cmi.suspend_data` holds in SCORM 1.2.
pub const MAX_SUSPEND: usize = 4_096;

thread_local! {
    /// The LMS's API, once found and initialised.
    static API: RefCell<Option<Object>> = const { RefCell::new(None) };
    /// The progress the LMS kept for this learner, read once at launch.
    static SUSPENDED: RefCell<Option<Progress>> = const { RefCell::new(None) };
}

/// The `API` object of `win`, if it has one with `LMSInitialize` (a cross-origin frame
/// refuses to be read: none).
fn api_of(win: &JsValue) -> Option<Object> {
    // Not `dyn_into`: the API is an object of the LMS's frame, and `instanceof` does not see
    // across frames.
    let api = Reflect::get(win, &JsValue::from_str("API"))
        .ok()
        .filter(JsValue::is_object)?
        .unchecked_into::<Object>();
    Reflect::get(&api, &JsValue::from_str("LMSInitialize"))
        .ok()?
        .is_function()
        .then_some(api)
}

/// Looks for the API up the frames, then in the opener's.
fn find() -> Option<Object> {
    let mut win = web_sys::window()?;
    for _ in 0..MAX_FRAMES {
        if let Some(api) = api_of(&win) {
            return Some(api);
        }
        let parent = win.parent().ok()??;
        if Object::is(&parent, &win) {
            break;
        }
        win = parent;
    }
    let opener = web_sys::window()?.opener().ok()?;
    (!opener.is_null() && !opener.is_undefined())
        .then(|| api_of(&opener))
        .flatten()
}

/// Calls the API's `name` with `args`; its answer as text (an LMS that throws: none).
fn call(api: &Object, name: &str, args: &[&str]) -> Option<String> {
    let f = Reflect::get(api, &JsValue::from_str(name))
        .ok()
        .filter(JsValue::is_function)?
        .unchecked_into::<Function>();
    let args: Array = args.iter().map(|a| JsValue::from_str(a)).collect();
    f.apply(api, &args).ok()?.as_string()
}

/// Starts the SCORM session if an LMS launched the page: initialises, marks the lesson
/// incomplete the first time, reads the kept progress, and finishes when the page is left.
pub fn start() {
    let Some(api) = find() else {
        return;
    };
    if call(&api, "LMSInitialize", &[""]).as_deref() != Some("true") {
        return;
    }
    let status = call(&api, "LMSGetValue", &["cmi.core.lesson_status"]).unwrap_or_default();
    if matches!(status.as_str(), "" | "not attempted") {
        call(
            &api,
            "LMSSetValue",
            &["cmi.core.lesson_status", "incomplete"],
        );
        call(&api, "LMSCommit", &[""]);
    }
    let kept = call(&api, "LMSGetValue", &["cmi.suspend_data"]).unwrap_or_default();
    if !kept.is_empty() {
        SUSPENDED.with(|s| *s.borrow_mut() = Some(Progress::parse(&kept)));
    }
    if let Some(window) = web_sys::window() {
        let finish = Closure::<dyn Fn()>::new(|| {
            if let Some(api) = API.with(|a| a.borrow_mut().take()) {
                call(&api, "LMSCommit", &[""]);
                call(&api, "LMSFinish", &[""]);
            }
        });
        let _ =
            window.add_event_listener_with_callback("pagehide", finish.as_ref().unchecked_ref());
        // The page's whole life: it is dropped with the page.
        finish.forget();
    }
    API.with(|a| *a.borrow_mut() = Some(api));
}

/// The progress the LMS kept for this learner, if an LMS launched the page and kept any.
pub fn kept() -> Option<Progress> {
    SUSPENDED.with(|s| s.borrow().clone())
}

/// Reports `progress` to the LMS, if one launched the page: kept as `cmi.suspend_data`
/// (while it fits), and the lab's challenges passed (of `challenges`, its ids) as the score
/// and the lesson's status.
pub fn report(progress: &Progress, lab: &str, challenges: &[&str]) {
    let Some(api) = API.with(|a| a.borrow().clone()) else {
        return;
    };
    let line = progress.to_line();
    if line.len() <= MAX_SUSPEND {
        call(&api, "LMSSetValue", &["cmi.suspend_data", &line]);
    }
    let passed = challenges
        .iter()
        .filter(|id| progress.passed(lab, id))
        .count();
    let total = challenges.len();
    call(&api, "LMSSetValue", &["cmi.core.score.min", "0"]);
    call(
        &api,
        "LMSSetValue",
        &["cmi.core.score.max", &total.to_string()],
    );
    call(
        &api,
        "LMSSetValue",
        &["cmi.core.score.raw", &passed.to_string()],
    );
    let status = if total > 0 && passed == total {
        "passed"
    } else {
        "incomplete"
    };
    call(&api, "LMSSetValue", &["cmi.core.lesson_status", status]);
    call(&api, "LMSCommit", &[""]);
}

/// Tells an LMS that launched the page that the lesson is completed (the tour: read, not
/// passed).
pub fn completed() {
    if let Some(api) = API.with(|a| a.borrow().clone()) {
        call(
            &api,
            "LMSSetValue",
            &["cmi.core.lesson_status", "completed"],
        );
        call(&api, "LMSCommit", &[""]);
    }
}
