//! The tour's page bundle: the shell and the tour, no lab. Each lab has its own bundle in
//! `src/bin/`, so opening one lab never downloads the others.

fn main() {
    #[cfg(target_arch = "wasm32")]
    scaling_lab::shell::mount(scaling_lab::page::frame::Pages {
        tour: Some(scaling_lab::shell::tour_view),
        labs: &[],
    });
}
