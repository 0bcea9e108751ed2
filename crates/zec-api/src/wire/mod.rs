//! Request and response bodies of every action the product uses, named exactly as on the
//! wire: camelCase, absent optionals omitted, unknown fields ignored.

mod images;
mod instances;
mod snapshots;

pub use images::*;
pub use instances::*;
pub use snapshots::*;

use serde::{Deserialize, Serialize};

use crate::errors::ErrorCode;

/// The body of every successful answer: `{"requestId", "response": {"requestId", ...}}`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SuccessEnvelope<T> {
    pub request_id: String,
    pub response: ResponseBody<T>,
}

/// The `response` object: the request id again, then the action's own fields.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ResponseBody<T> {
    #[serde(default)]
    pub request_id: String,
    #[serde(flatten)]
    pub data: T,
}

impl<T> SuccessEnvelope<T> {
    pub fn new(request_id: impl Into<String>, data: T) -> Self {
        let request_id = request_id.into();
        SuccessEnvelope {
            response: ResponseBody {
                request_id: request_id.clone(),
                data,
            },
            request_id,
        }
    }
}

/// The body of every error answer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ErrorEnvelope {
    #[serde(default)]
    pub request_id: String,
    pub code: ErrorCode,
    #[serde(default)]
    pub message: String,
}

impl ErrorEnvelope {
    /// An error with the catalogue's plain message for its code.
    pub fn new(request_id: impl Into<String>, code: ErrorCode) -> Self {
        let message = code.message().to_owned();
        ErrorEnvelope {
            request_id: request_id.into(),
            code,
            message,
        }
    }

    pub fn with_message(
        request_id: impl Into<String>,
        code: ErrorCode,
        message: impl Into<String>,
    ) -> Self {
        ErrorEnvelope {
            request_id: request_id.into(),
            code,
            message: message.into(),
        }
    }
}

/// An answer without fields of its own (ResetInstance).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Empty {}

/// A request id in the API's UUID-like form, from 128 random bits the caller draws.
pub fn format_request_id(bits: u128) -> String {
    let hex = format!("{bits:032x}");
    format!(
        "{}-{}-{}-{}-{}",
        &hex[..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..]
    )
}

/// Reads a request body as `T`. An empty body counts as `{}` (actions without parameters).
/// The error message names the problem and position but never repeats a value from the
/// body, which may hold a password.
pub fn parse_request<T: serde::de::DeserializeOwned>(body: &[u8]) -> Result<T, String> {
    let body = if body.iter().all(u8::is_ascii_whitespace) {
        b"{}".as_slice()
    } else {
        body
    };
    serde_json::from_slice(body).map_err(|error| {
        let message = error.to_string();
        format!(
            "The request body is not valid: {}.",
            redact_quoted(&message)
        )
    })
}

/// A request written as JSON: only the contract's keys, camelCase, absent options omitted.
pub fn to_json<T: Serialize>(request: &T) -> Vec<u8> {
    serde_json::to_vec(request).expect("wire types serialise")
}

/// Replaces what serde quotes from the input ("…" and `…`) with a marker.
fn redact_quoted(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut quote: Option<char> = None;
    for c in message.chars() {
        match quote {
            Some(open) if c == open => {
                out.push('…');
                out.push(c);
                quote = None;
            }
            Some(_) => {}
            None if c == '"' || c == '`' => {
                out.push(c);
                quote = Some(c);
            }
            None => out.push(c),
        }
    }
    out
}
