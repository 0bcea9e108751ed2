//! Reading what came back: a success in the API's envelope, a refusal (nothing happened),
//! or an unknown outcome (a state-changing call may have been carried out).
//!
//! `outcome` sorts an answer without knowing the type it carries, so the client's exchange
//! (sessions, waits, retries) is compiled once; only the last step, reading the fields, is
//! generic.

use serde::de::DeserializeOwned;
use zec_api::wire::ErrorEnvelope;
use zec_api::Action;

use super::{ApiError, Sent};
use crate::json;

/// A 200 answer's body, or the error it is: for an API call (`action`), an answer that
/// never came whole may have been acted on; the proxy's own JSON (`None`) changes nothing.
pub(super) fn outcome(action: Option<Action>, sent: Sent) -> Result<String, ApiError> {
    match sent {
        Sent::Answer { status: 200, body } => Ok(body),
        Sent::Answer { status, body } => Err(refusal(status, &body)),
        Sent::NotSent(detail) => Err(ApiError::Transport {
            detail,
            may_have_arrived: false,
        }),
        Sent::Lost(detail) => Err(ApiError::Transport {
            detail,
            may_have_arrived: action.is_some(),
        }),
    }
}

/// The proxy's own JSON, read from a 200 answer's body.
pub(super) fn read_json<T: DeserializeOwned>(body: &str) -> Result<T, ApiError> {
    json::from_str(body).ok_or_else(|| ApiError::Transport {
        detail: zec_console::i18n::text(zec_console::i18n::msg::UnreadableAnswer),
        may_have_arrived: false,
    })
}

/// A non-200 answer: the refusal in the API's envelope, or an unknown outcome.
fn refusal(status: u16, body: &str) -> ApiError {
    match json::from_str::<ErrorEnvelope>(body) {
        Some(envelope) => ApiError::Refused {
            status,
            code: envelope.code,
            message: envelope.message,
            request_id: envelope.request_id,
        },
        // A server error page: the API may have acted before it failed.
        None => ApiError::Transport {
            detail: zec_console::i18n::text(zec_console::i18n::msg::HttpWithoutAnswer { status }),
            may_have_arrived: status >= 500,
        },
    }
}

/// Turns what the transport saw into a result. Only an answer in the API's envelope is a
/// refusal; anything unreadable from a server that got the request is an unknown outcome.
pub fn read_answer<Resp: DeserializeOwned>(
    action: Action,
    sent: Sent,
) -> Result<(Resp, String), ApiError> {
    read_success(action, &outcome(Some(action), sent)?)
}

/// A success body, `{"requestId", "response": {"requestId", …the action's fields}}`, read
/// field by field rather than through `zec_api::wire::SuccessEnvelope`: its flattened
/// `response` makes serde buffer every answer and doubles the reading code for each type in
/// the wasm (docs/size.md). An action without fields of its own may come back with only
/// `requestId`.
pub(super) fn read_success<Resp: DeserializeOwned>(
    action: Action,
    body: &str,
) -> Result<(Resp, String), ApiError> {
    let unreadable = || ApiError::Transport {
        detail: zec_console::i18n::text(zec_console::i18n::msg::UnreadableAnswerTo {
            action: action.name().to_owned(),
        }),
        may_have_arrived: true,
    };
    let parsed = json::parse(body)
        .filter(json::is_object)
        .ok_or_else(unreadable)?;
    let request_id = match json::field(&parsed, "requestId") {
        None => String::new(),
        Some(id) => id.as_string().ok_or_else(unreadable)?,
    };
    let fields = match json::field(&parsed, "response") {
        Some(response) if json::is_object(&response) => response,
        Some(_) => return Err(unreadable()),
        None => js_sys::Object::new().into(),
    };
    let data = json::read(fields).ok_or_else(unreadable)?;
    Ok((data, request_id))
}
