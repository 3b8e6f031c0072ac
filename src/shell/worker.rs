//! A page bundle started inside a Web Worker (`experiment-worker.js`) runs experiments and
//! nothing else: no window, no markup. The page posts it a [`Job`] as JSON; it runs the lab's
//! engine headless and posts the [`Reply`] back. It announces itself with `"ready"`.

use wasm_bindgen::prelude::*;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

use crate::course::experiment::{Job, Reply};
use crate::page::frame::Pages;

/// Answers jobs for the labs `pages` carries (their link readers registered), for as long
/// as the worker lives.
pub fn serve(pages: Pages) {
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let reply_to = scope.clone();
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |ev: MessageEvent| {
        let Some(text) = ev.data().as_string() else {
            return;
        };
        let reply = match serde_json::from_str::<Job>(&text) {
            Ok(job) => match pages.labs.first() {
                Some(lab) => job.run(lab.sample),
                None => Reply {
                    point: job.point,
                    seed: job.seed,
                    values: Err("this bundle has no lab".to_owned()),
                },
            },
            Err(e) => Reply {
                point: 0,
                seed: 0,
                values: Err(format!("a job the worker could not read: {e}")),
            },
        };
        if let Ok(json) = serde_json::to_string(&reply) {
            let _ = reply_to.post_message(&JsValue::from_str(&json));
        }
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // Lives as long as the worker.
    on_message.forget();
    let _ = scope.post_message(&JsValue::from_str("ready"));
}
