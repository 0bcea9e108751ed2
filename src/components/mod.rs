//! The views. Each file is one part of the screen; they read the session (`crate::session`)
//! and send it intents. Data access is in `crate::api`.

pub mod activity_entry;
pub mod activity_log;
pub mod common;
pub mod fleet_activity;
pub mod fleet_blockers;
pub mod fleet_fields;
pub mod fleet_plan;
pub mod fleet_progress;
pub mod fleet_review;
pub mod fleet_selection;
pub mod fleet_snapshots;
pub mod fleet_summary;
pub mod fleet_undo;
pub mod fleet_view;
pub mod handover;
pub mod image_picker;
pub mod instance_activity;
pub mod instance_list;
pub mod kept_plan;
pub mod language;
pub mod login_section;
pub mod outcome;
pub mod panel_header;
pub mod password_field;
pub mod plan_summary;
pub mod power_section;
pub mod reinstall_form;
pub mod reinstall_panel;
pub mod review_dialog;
pub mod settings;
pub mod snapshot_choice;
pub mod snapshot_progress;
pub mod status_timeline;
pub mod undo_view;
pub mod user_data_field;
