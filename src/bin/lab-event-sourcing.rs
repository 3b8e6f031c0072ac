//! The event sourcing lab's page bundle.

fn main() {
    #[cfg(target_arch = "wasm32")]
    scaling_lab::shell::mount(scaling_lab::page::frame::Pages {
        tour: None,
        labs: &[scaling_lab::labs::event_sourcing::VIEW],
    });
}
