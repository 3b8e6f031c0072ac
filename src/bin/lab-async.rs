//! The async-processing lab's page bundle.

fn main() {
    #[cfg(target_arch = "wasm32")]
    scaling_lab::shell::mount(scaling_lab::page::frame::Pages {
        tour: None,
        labs: &[scaling_lab::labs::async_processing::VIEW],
    });
}
