//! "Copy embed code": the `<iframe>` for the page as it is now, for course authors. The
//! snippet is also shown in a field, since a page inside an iframe may not use the clipboard.

use leptos::prelude::*;

use crate::course::embed_snippet;
use crate::link::registry::{LabParams, Page};
use crate::ui::page_url;
use crate::ui::playback::{copy_to_clipboard, select_all};

/// Height that shows a lab with its guide step without a scrollbar on a laptop, px.
const LAB_HEIGHT_PX: u32 = 900;
const TOUR_HEIGHT_PX: u32 = 700;

fn snippet() -> Option<String> {
    let (mut page, _) = Page::from_query(&page_url::latest_query());
    page.embed = true;
    let url = page_url::with_query(&page.to_query())?;
    let (title, height) = match &page.lab {
        Some(lab) => (
            format!("Scaling Lab: {} lab", LabParams::lab(lab).title()),
            LAB_HEIGHT_PX,
        ),
        None => ("Scaling Lab: tour".to_owned(), TOUR_HEIGHT_PX),
    };
    Some(embed_snippet(&url, &title, height))
}

/// The control and its field.
#[component]
pub fn EmbedCode() -> impl IntoView {
    let shown = RwSignal::new(None::<String>);
    view! {
        <div class="embed-code">
            <button
                type="button"
                data-action="copy-embed"
                on:click=move |_| {
                    let s = snippet();
                    if let Some(s) = &s {
                        copy_to_clipboard(s);
                    }
                    shown.set(s);
                }
            >
                "Copy embed code"
            </button>
            " for this page as it is now (lab, settings and guide step), to paste into a course page."
            {move || {
                shown
                    .get()
                    .map(|s| {
                        view! {
                            <label class="share">
                                "Copied (or copy it from here):"
                                <input type="text" readonly data-embed-snippet="" prop:value=s on:focus=|ev| select_all(&ev) />
                            </label>
                        }
                    })
            }}
        </div>
    }
}
