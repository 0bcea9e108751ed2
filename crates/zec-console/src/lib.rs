//! The reinstall console's logic, without a browser: what the user chose (`form`), the
//! frozen plan and what it changes (`plan`, `review`, `user_data`, `image_choice`), and every
//! flow as one state value and one transition function — the reinstall of one instance with
//! its power-off and undo (`session`), many instances with one plan (`fleet`), the one
//! power-off machine (`power_off`) and the one way a lost answer is resolved (`resolve`);
//! what the caller's session permits (`permits`), when to renew a portal session
//! (`portal`), how the live status reconnects (`live`), what the user data sets up
//! (`cloud_init`), whether an instance changed under a plan (`changed`), where the console
//! is (`route`), and the words for the API's values (`words`).
//!
//! Pure: no DOM, no clock, no I/O. The browser crate owns the state in signals, runs the
//! commands the transitions return and feeds the results back in as events; the same code
//! runs natively under `cargo test`. The rules themselves are the contract's (`zec_api`).

pub mod active;
pub mod activity;
pub mod api_request;
pub mod changed;
pub mod cloud_init;
pub mod error;
pub mod fleet;
pub mod form;
pub mod i18n;
pub mod image_choice;
pub mod live;
pub mod permits;
pub mod plan;
pub mod portal;
pub mod power_off;
pub mod resolve;
pub mod review;
pub mod route;
pub mod session;
pub mod user_data;
pub mod words;

pub use error::ApiError;
