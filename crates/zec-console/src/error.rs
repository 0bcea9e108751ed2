//! A failed call, as the user should hear about it: the one error type of the console's
//! boundary with the API. Either the API refused (so nothing happened), or the answer never
//! arrived in a readable form (so a state-changing call may have been carried out).

use zec_api::ErrorCode;

#[derive(Clone, Debug, PartialEq)]
pub enum ApiError {
    /// The API (or the proxy in front of it) refused: its code, message and request id.
    Refused {
        status: u16,
        code: ErrorCode,
        message: String,
        request_id: String,
    },
    /// No readable answer. `may_have_arrived` is false only when we know the request never
    /// reached the API (it could not be built, or a server in between refused it); then
    /// nothing happened. Otherwise the call may have been carried out.
    Transport {
        detail: String,
        may_have_arrived: bool,
    },
}

/// The longest server message shown as is; longer or marked-up ones are not shown.
const MAX_SHOWN_MESSAGE: usize = 200;

impl ApiError {
    /// The proxy turned the call away for the caller's pace (its fair share, or the
    /// account's upstream budget) before anything was forwarded: a read may simply be asked
    /// again a moment later.
    pub fn is_busy(&self) -> bool {
        matches!(
            self,
            ApiError::Refused {
                status: 429,
                code: ErrorCode::TooManyRequests | ErrorCode::UpstreamBusy,
                ..
            }
        )
    }

    pub fn code(&self) -> Option<&ErrorCode> {
        match self {
            ApiError::Refused { code, .. } => Some(code),
            ApiError::Transport { .. } => None,
        }
    }

    pub fn request_id(&self) -> Option<&str> {
        match self {
            ApiError::Refused { request_id, .. } if !request_id.is_empty() => Some(request_id),
            _ => None,
        }
    }

    /// Whether a state-changing call that failed this way may still have been carried out.
    pub fn outcome_unknown(&self) -> bool {
        matches!(
            self,
            ApiError::Transport {
                may_have_arrived: true,
                ..
            }
        )
    }

    /// The sentence to show: the catalogue's plain message for known codes; a server's own
    /// message only when it is one short plain line (never a body, markup or a trace).
    pub fn message(&self) -> String {
        match self {
            ApiError::Refused { code, message, .. } => {
                let plain = !message.is_empty()
                    && message.len() <= MAX_SHOWN_MESSAGE
                    && !message.contains(['<', '>', '\n', '{'])
                    && code.message() != message;
                match code {
                    ErrorCode::Other(_) if plain => message.clone(),
                    // The proxy names the protected instances: that is the useful part.
                    ErrorCode::ResourceProtected if plain => message.clone(),
                    ErrorCode::Other(_) => "The server refused the request.".to_owned(),
                    _ => code.message().to_owned(),
                }
            }
            ApiError::Transport {
                detail,
                may_have_arrived: true,
            } => format!(
                "No readable answer came back ({detail}). The request may have reached the server."
            ),
            ApiError::Transport { detail, .. } => {
                format!("The request did not reach the API ({detail}). Nothing was changed.")
            }
        }
    }

    /// "CODE: message (request id …)": a failed step in one line.
    pub fn describe(&self) -> String {
        let code = self
            .code()
            .map(|code| format!("{code}: "))
            .unwrap_or_default();
        let request = self
            .request_id()
            .map(|id| format!(" (request id {id})"))
            .unwrap_or_default();
        format!("{code}{}{request}", self.message())
    }
}
