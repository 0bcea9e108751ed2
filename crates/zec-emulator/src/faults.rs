//! Fault injection for reliability tests: added latency, a share of 5xx answers, a share of
//! 429 REQUEST_LIMIT_EXCEEDED, a share of dropped connections, and a share of calls carried
//! out whose answer is lost, for every action or only the ones named. Off by default.

use std::time::Duration;

use rand::rngs::StdRng;
use rand::Rng;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Faults {
    /// Added to every API call.
    pub latency_ms: u64,
    /// Share (0–1) of calls answered 503 SERVICE_TEMPORARY_UNAVAILABLE.
    pub server_error_rate: f64,
    /// Share (0–1) of calls answered 429 REQUEST_LIMIT_EXCEEDED.
    pub rate_limit_rate: f64,
    /// Share (0–1) of calls whose connection is cut before an answer.
    pub drop_rate: f64,
    /// Share (0–1) of calls carried out whose connection is then cut before the answer: the
    /// caller cannot tell whether anything happened.
    pub answer_lost_rate: f64,
    /// Only calls of these actions (`X-ZC-Action` names) get the faults above; empty means
    /// every call.
    pub actions: Vec<String>,
}

/// What happens to one call.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fault {
    None,
    ServerError,
    RateLimited,
    Dropped,
    /// Carried out, then the connection is cut.
    AnswerLost,
}

/// The most latency the fault endpoint accepts: a minute is enough to outlast any timeout
/// worth testing, and a typo (hours) would otherwise hang every caller.
pub const MAX_LATENCY_MS: u64 = 60_000;

impl Faults {
    /// Latency at most [`MAX_LATENCY_MS`], each share between 0 and 1.
    pub fn validate(&self) -> Result<(), String> {
        if self.latency_ms > MAX_LATENCY_MS {
            return Err(format!(
                "latencyMs must be at most {MAX_LATENCY_MS} (60 s); got {}",
                self.latency_ms
            ));
        }
        for (name, rate) in [
            ("serverErrorRate", self.server_error_rate),
            ("rateLimitRate", self.rate_limit_rate),
            ("dropRate", self.drop_rate),
            ("answerLostRate", self.answer_lost_rate),
        ] {
            if !(0.0..=1.0).contains(&rate) {
                return Err(format!("{name} must be between 0 and 1 (got {rate})"));
            }
        }
        Ok(())
    }

    /// Whether a call of this action is subject to the faults.
    pub fn applies_to(&self, action: &str) -> bool {
        self.actions.is_empty() || self.actions.iter().any(|named| named == action)
    }

    pub fn latency(&self) -> Duration {
        Duration::from_millis(self.latency_ms)
    }

    /// Draws the fate of one call.
    pub fn draw(&self, rng: &mut StdRng) -> Fault {
        let roll: f64 = rng.gen();
        let mut edge = self.drop_rate;
        if roll < edge {
            return Fault::Dropped;
        }
        edge += self.answer_lost_rate;
        if roll < edge {
            return Fault::AnswerLost;
        }
        edge += self.server_error_rate;
        if roll < edge {
            return Fault::ServerError;
        }
        edge += self.rate_limit_rate;
        if roll < edge {
            return Fault::RateLimited;
        }
        Fault::None
    }
}
