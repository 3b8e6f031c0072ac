//! The async lab's tables: the latest replies matched by correlation ID, and the dead-letter
//! queue.

use crate::ui::controls::Panel;
use leptos::prelude::*;

use crate::sim::async_processing::{Failure, Reply, Task};

/// A dead letter as listed: message, order, queue, attempts, last error.
pub type DeadLetter = (u64, u64, Task, u32, Failure);

/// The reply queue: the latest replies, matched by correlation ID.
#[component]
pub fn Replies(replies: RwSignal<Vec<Reply>>) -> impl IntoView {
    view! {
        <Panel id="replies" class="accounts" title="Reply queue: the latest replies matched, by correlation ID" hint="Each invoice request carries its message's ID; the worker's reply carries it back, and the client polls every 250 ms. Replies come back in the order the work finished, not the order it was asked for.">
                        <ul class="outcomes">
                            {move || replies.get().into_iter().map(|r| view! {
                                <li>{format!("correlation #{} (order {}): answered after {:.0} ms", r.correlation, r.correlation / 3, (r.replied_at - r.requested_at) as f64 / 1e6)}</li>
                            }).collect_view()}
                        </ul>
                    </Panel>
    }
}

/// The dead-letter queue, newest first.
#[component]
pub fn DeadLetters(dead: RwSignal<Vec<DeadLetter>>) -> impl IntoView {
    view! {
        <Panel id="dlq" class="accounts" title="Dead-letter queue (newest first)">
                    {move || {
                        let list = dead.get();
                        if list.is_empty() {
                            view! { <p class="hint">"Empty."</p> }.into_any()
                        } else {
                            view! {
                                <table>
                                    <thead><tr><th scope="col">"Message"</th><th scope="col">"Order"</th><th scope="col">"Queue"</th><th scope="col">"Attempts"</th><th scope="col">"Last error"</th></tr></thead>
                                    <tbody>
                                        {list.into_iter().map(|(id, order, task, attempts, error)| view! {
                                            <tr>
                                                <td>{format!("#{id}")}</td>
                                                <td>{order}</td>
                                                <td>{task.queue_name()}</td>
                                                <td>{attempts}</td>
                                                <td>{match error { Failure::Poison => "poison: can never succeed", Failure::Transient => "transient failure" }}</td>
                                            </tr>
                                        }).collect_view()}
                                    </tbody>
                                </table>
                            }.into_any()
                        }
                    }}
                </Panel>
    }
}
