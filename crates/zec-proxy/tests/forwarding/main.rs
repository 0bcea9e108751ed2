//! The proxy in front of a real emulator, over real HTTP: signing, allowlist, origin checks,
//! body limit, validation, redaction, retries, access control and static files.

#[path = "../support/mod.rs"]
mod support;

use std::time::Duration;

use serde_json::json;
use support::{send, stack, Options};
use zec_emulator::{EmulatorConfig, Faults};
use zec_proxy::upstream::UpstreamCredentials;

mod access;
mod checked;
mod retries;
mod serving;
mod signing;
