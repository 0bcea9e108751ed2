//! The views. Each file is one part of the screen; data access is in `crate::api`.

pub mod common;
pub mod confirm_dialog;
pub mod image_picker;
pub mod instance_list;
pub mod login_section;
pub mod power_section;
pub mod reinstall_panel;
pub mod status_timeline;
