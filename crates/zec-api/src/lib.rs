//! The contract of the Zenlayer Cloud API 2.0 as zec-reinstall uses it: the action table
//! (`actions`), wire types, the error catalogue, the rules and the one type for a broken rule
//! (`rules`, `Violation`; its sentences in `english`), ZC2-HMAC-SHA256 signing; and the
//! product's own live-status stream and widget events (`live`), what a caller may do
//! (`grant`), and the activity history the proxy keeps (`activity`).
//!
//! Invariant: this crate is pure. No clock, no randomness source, no network, no DOM, so
//! the very same code runs in the browser (wasm) and on the servers.

pub mod actions;
pub mod activity;
pub mod english;
pub mod errors;
pub mod grant;
pub mod limits;
pub mod live;
pub mod rules;
pub mod signing;
pub mod states;
pub mod time;
pub mod violation;
pub mod wire;

pub use actions::{Action, Call, Service};
pub use errors::{ErrorCode, Refusal};
pub use rules::{Field, ProtectedBy, ProtectionPolicy, ResetContext};
pub use states::{ImageStatus, InstanceStatus, OsType, ReinstallPhase, SnapshotStatus};
pub use violation::Violation;
