//! An emulator of the Zenlayer Cloud API 2.0 for the actions zec-reinstall uses. It speaks the
//! real wire protocol (paths, headers, ZC2-HMAC-SHA256, envelopes, error codes), so an
//! unmodified SDK can talk to it, and it is the proxy's default backend when no credentials
//! are configured.
//!
//! - `fixture`: the world at start;
//! - `world`: the state machine and what each action does;
//! - `auth`: signature and token checks;
//! - `faults`: injected latency, errors and dropped connections;
//! - `http`: the axum router that ties them together.

pub mod auth;
pub mod faults;
pub mod fixture;
pub mod http;
pub mod world;

pub use auth::Credentials;
pub use faults::Faults;
pub use fixture::Fixture;
pub use http::{router, Emulator, EmulatorConfig};
pub use world::Timings;
