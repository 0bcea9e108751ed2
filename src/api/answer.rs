//! Reading what came back: a success in the API's envelope, a refusal (nothing happened),
//! or an unknown outcome (a state-changing call may have been carried out).

use serde::de::DeserializeOwned;
use zec_api::wire::{ErrorEnvelope, ResponseBody};
use zec_api::Action;

use super::{ApiError, Sent};
use crate::json;

/// The proxy's own JSON (200), or its refusal in the envelope.
pub(super) fn read_json<T: DeserializeOwned>(sent: Sent) -> Result<T, ApiError> {
    match sent {
        Sent::Answer { status: 200, body } => {
            json::from_str(&body).ok_or_else(|| ApiError::Transport {
                detail: zec_console::i18n::text(zec_console::i18n::msg::UnreadableAnswer),
                may_have_arrived: false,
            })
        }
        Sent::Answer { status, body } => Err(refusal(status, &body)),
        Sent::NotSent(detail) | Sent::Lost(detail) => Err(ApiError::Transport {
            detail,
            may_have_arrived: false,
        }),
    }
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

/// A success body: `response` holds the action's fields; an action without fields of its
/// own may come back with only `requestId`.
#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct Success<T> {
    #[serde(default)]
    request_id: String,
    response: Option<ResponseBody<T>>,
}

/// Turns what the transport saw into a result. Only an answer in the API's envelope is a
/// refusal; anything unreadable from a server that got the request is an unknown outcome.
pub fn read_answer<Resp: DeserializeOwned>(
    action: Action,
    sent: Sent,
) -> Result<(Resp, String), ApiError> {
    let (status, body) = match sent {
        Sent::Answer { status, body } => (status, body),
        Sent::NotSent(detail) => {
            return Err(ApiError::Transport {
                detail,
                may_have_arrived: false,
            })
        }
        Sent::Lost(detail) => {
            return Err(ApiError::Transport {
                detail,
                may_have_arrived: true,
            })
        }
    };
    if status == 200 {
        let parsed = json::parse(&body);
        let unreadable = || ApiError::Transport {
            detail: zec_console::i18n::text(zec_console::i18n::msg::UnreadableAnswerTo {
                action: action.name().to_owned(),
            }),
            may_have_arrived: true,
        };
        let success: Success<Resp> = parsed.and_then(json::read).ok_or_else(unreadable)?;
        let data = match success.response {
            Some(response) => response.data,
            // `{"requestId": "…"}` alone is a success for an action without fields.
            None => json::read(js_sys::Object::new().into()).ok_or_else(unreadable)?,
        };
        return Ok((data, success.request_id));
    }
    Err(refusal(status, &body))
}
