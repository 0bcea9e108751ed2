//! The error catalogue: every code the product can meet, its HTTP status and the sentence a
//! console user reads. Codes travel as strings on the wire; unknown ones are kept verbatim.
//!
//! [`Refusal`] is the one "code + message" answer the servers send: the emulator and the
//! proxy both turn it into the API's error envelope (`IntoResponse` with the `axum` feature,
//! which only the servers enable; the browser build never does). A broken rule is a
//! `Violation`; it becomes a `Refusal` with its English sentence when a server answers.

use std::fmt;

use serde::{Deserialize, Serialize};

macro_rules! error_codes {
    ($( $variant:ident = $wire:literal, $status:literal, $message:literal; )*) => {
        /// An API error code. `Other` keeps a code this catalogue does not know.
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        pub enum ErrorCode {
            $( $variant, )*
            Other(String),
        }

        impl ErrorCode {
            /// Every code of the catalogue, in declaration order.
            pub const ALL: &'static [ErrorCode] = &[ $( ErrorCode::$variant, )* ];

            /// The code as it is written on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    $( ErrorCode::$variant => $wire, )*
                    ErrorCode::Other(code) => code,
                }
            }

            /// The HTTP status the API answers with for this code.
            pub fn http_status(&self) -> u16 {
                match self {
                    $( ErrorCode::$variant => $status, )*
                    ErrorCode::Other(_) => 400,
                }
            }

            /// A plain-language explanation for a console user.
            pub fn message(&self) -> &'static str {
                match self {
                    $( ErrorCode::$variant => $message, )*
                    ErrorCode::Other(_) => "The request failed.",
                }
            }
        }

        impl From<&str> for ErrorCode {
            fn from(wire: &str) -> Self {
                match wire {
                    $( $wire => ErrorCode::$variant, )*
                    other => ErrorCode::Other(other.to_owned()),
                }
            }
        }
    };
}

error_codes! {
    // ResetInstance's own table (the API page, docs/wire.md).
    InvalidImageAgentNotSupport = "INVALID_IMAGE_AGENT_NOT_SUPPORT", 400,
        "The selected image does not support the QEMU guest agent (QGA). Turn the agent off or pick another image.";
    InvalidImageKeyPairNotSupport = "INVALID_IMAGE_KEY_PAIR_NOT_SUPPORT", 400,
        "This image does not support SSH key pairs. Windows and Generic images are installed without a key.";
    InvalidImageNotFound = "INVALID_IMAGE_NOT_FOUND", 404,
        "The image was not found. It may have been deleted; pick another image.";
    InvalidImagePasswordNotSupport = "INVALID_IMAGE_PASSWORD_NOT_SUPPORT", 400,
        "This image does not support setting a password. Windows and Generic images are installed without one.";
    InvalidImageSizeExceed = "INVALID_IMAGE_SIZE_EXCEED", 400,
        "The image is larger than the instance's boot disk. Pick a smaller image.";
    InvalidImageStatus = "INVALID_IMAGE_STATUS", 400,
        "The image is not available for installation right now.";
    InvalidOsTypeNotSame = "INVALID_OS_TYPE_NOT_SAME", 400,
        "The image's operating system type differs from the instance's current one (for example Linux and Windows).";
    InvalidParameterUserDataExceed = "INVALID_PARAMETER_USER_DATA_EXCEED", 400,
        "The user data is too long: at most 32 KiB is allowed.";
    InvalidInstanceNotFound = "INVALID_INSTANCE_NOT_FOUND", 404,
        "The instance was not found. It may have been released.";
    InvalidKeyPairNotFound = "INVALID_KEY_PAIR_NOT_FOUND", 404,
        "The SSH key pair does not exist. Pick another key pair.";
    InvalidKeyPairNotSupport = "INVALID_KEY_PAIR_NOT_SUPPORT", 400,
        "The SSH key pair uses a key type that is not supported (DSA keys are refused).";
    InvalidLoginSettingConflict = "INVALID_LOGIN_SETTING_CONFLICT", 400,
        "Choose exactly one login method: a password or an SSH key pair, not both and not neither.";
    InvalidPasswordMalformed = "INVALID_PASSWORD_MALFORMED", 400,
        "The password must be 8–16 characters of letters, digits and `~!@$^*-_=+, with at least one lower-case letter, one upper-case letter, one digit and one special character.";
    UnsupportedOperationInstanceStatus = "UNSUPPORTED_OPERATION_INSTANCE_STATUS", 400,
        "The instance is not in a state that allows this operation. Reinstalling needs a powered-off (STOPPED) instance.";
    // Disk snapshots (docs/wire.md, "Disk snapshots": the API documents no codes for these;
    // they follow its naming).
    InvalidDiskNotFound = "INVALID_DISK_NOT_FOUND", 404,
        "The disk was not found. The instance may have been released.";
    InvalidSnapshotNotFound = "INVALID_SNAPSHOT_NOT_FOUND", 404,
        "The snapshot was not found. It may have expired or been deleted.";
    InvalidSnapshotStatus = "INVALID_SNAPSHOT_STATUS", 400,
        "The snapshot is not in a state that allows this operation. Only an AVAILABLE snapshot can be rolled back to.";
    InvalidSnapshotDiskMismatch = "INVALID_SNAPSHOT_DISK_MISMATCH", 400,
        "The snapshot was not taken from this disk. A disk can only be rolled back to its own snapshots.";
    InvalidDiskStatus = "INVALID_DISK_STATUS", 400,
        "The disk is busy with another snapshot operation. Wait until it has finished.";
    // Common codes.
    InvalidParameter = "INVALID_PARAMETER", 400,
        "A parameter of the request is not valid.";
    MissingParameter = "MISSING_PARAMETER", 400,
        "A required parameter is missing.";
    InvalidAction = "INVALID_ACTION", 400,
        "The API does not know this action.";
    RequestLimitExceeded = "REQUEST_LIMIT_EXCEEDED", 429,
        "Too many requests right now. Wait a moment and try again.";
    AuthFailure = "AUTH_FAILURE", 401,
        "The request carries no valid credentials.";
    SignatureFailure = "SIGNATURE_FAILURE", 401,
        "The request signature does not match. Check the access key password.";
    SignatureExpired = "SIGNATURE_EXPIRED", 401,
        "The request timestamp is more than 5 minutes away from the server's clock. Check the system time.";
    AccessKeyNotFound = "ACCESS_KEY_NOT_FOUND", 401,
        "The access key id is not known.";
    InternalServerError = "INTERNAL_SERVER_ERROR", 500,
        "The cloud had an internal error. Try again; if it persists, contact support with the request id.";
    ServiceTemporaryUnavailable = "SERVICE_TEMPORARY_UNAVAILABLE", 503,
        "The service is temporarily unavailable. Try again in a moment.";
    // Codes of the proxy in front of the API.
    ActionNotAllowed = "ACTION_NOT_ALLOWED", 403,
        "This action is not allowed here: the console does not forward it, or your session does not permit it.";
    CrossSiteRequest = "CROSS_SITE_REQUEST", 403,
        "Requests from another site are refused.";
    Unauthorized = "UNAUTHORIZED", 401,
        "Sign in to the portal again: this request is not authorised.";
    SessionExpired = "SESSION_EXPIRED", 401,
        "Your session has expired. Ask the portal for a new one (sign in again if it cannot give one).";
    DuplicateHeader = "DUPLICATE_HEADER", 400,
        "A header that must appear once (Host, Origin, Sec-Fetch-Site, Authorization or the identity header) was sent several times.";
    ResourceNotAllowed = "RESOURCE_NOT_ALLOWED", 403,
        "You are not allowed to manage this instance here.";
    ResourceProtected = "RESOURCE_PROTECTED", 403,
        "This instance is protected: it cannot be reinstalled, rolled back or powered off from this console.";
    PayloadTooLarge = "PAYLOAD_TOO_LARGE", 413,
        "The request is larger than any valid request (at most 256 KiB).";
    UnsupportedMediaType = "UNSUPPORTED_MEDIA_TYPE", 415,
        "Send the request body as JSON with Content-Type: application/json.";
    MisdirectedRequest = "MISDIRECTED_REQUEST", 421,
        "This server does not answer for that host name. Open the console at its own address.";
    RequestTimeout = "REQUEST_TIMEOUT", 408,
        "The request took too long to arrive or to answer.";
    TooManyRequests = "TOO_MANY_REQUESTS", 429,
        "Too many requests from you right now. Wait a moment and try again.";
    TooManyStreams = "TOO_MANY_STREAMS", 429,
        "You already have as many live status views open as allowed. Close another tab, or wait; the page polls meanwhile.";
    UpstreamBusy = "UPSTREAM_BUSY", 429,
        "The cloud API's request budget, shared by every user of this console, is spent for the moment. Nothing was sent; try again shortly.";
    WatchLimitExceeded = "WATCH_LIMIT_EXCEEDED", 429,
        "This server already watches as many instances as it may. Live status falls back to polling; try again later.";
    ActivityUnavailable = "ACTIVITY_UNAVAILABLE", 503,
        "The activity history cannot be written right now, so nothing was sent: every change is kept on record. Try again shortly.";
    UpstreamUnreachable = "UPSTREAM_UNREACHABLE", 502,
        "The cloud API could not be reached. Check the connection and try again.";
    UpstreamTimeout = "UPSTREAM_TIMEOUT", 504,
        "The cloud API did not answer in time. Check the instance before trying again.";
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl From<String> for ErrorCode {
    fn from(wire: String) -> Self {
        ErrorCode::from(wire.as_str())
    }
}

impl From<ErrorCode> for String {
    fn from(code: ErrorCode) -> Self {
        code.as_str().to_owned()
    }
}

impl Serialize for ErrorCode {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for ErrorCode {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(ErrorCode::from)
    }
}

/// The error table of ResetInstance's API page (docs/wire.md): exactly these codes.
pub const RESET_INSTANCE_CODES: &[ErrorCode] = &[
    ErrorCode::InvalidImageAgentNotSupport,
    ErrorCode::InvalidImageKeyPairNotSupport,
    ErrorCode::InvalidImageNotFound,
    ErrorCode::InvalidImagePasswordNotSupport,
    ErrorCode::InvalidImageSizeExceed,
    ErrorCode::InvalidImageStatus,
    ErrorCode::InvalidOsTypeNotSame,
    ErrorCode::InvalidParameterUserDataExceed,
    ErrorCode::InvalidInstanceNotFound,
    ErrorCode::InvalidKeyPairNotFound,
    ErrorCode::InvalidKeyPairNotSupport,
    ErrorCode::InvalidLoginSettingConflict,
    ErrorCode::InvalidPasswordMalformed,
    ErrorCode::UnsupportedOperationInstanceStatus,
];

/// An answer in the API's error envelope: `{"requestId", "code", "message"}` with the code's
/// HTTP status. The one refusal type of the emulator and the proxy.
///
/// The message is written for a person and never quotes a request body (which may hold a
/// password or user data).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refusal {
    pub code: ErrorCode,
    pub message: String,
    /// Empty until the server that answers assigns one ([`Refusal::with_request_id`]).
    pub request_id: String,
}

impl Refusal {
    /// A refusal with the catalogue's plain message for its code.
    pub fn new(code: ErrorCode) -> Self {
        let message = code.message().to_owned();
        Refusal {
            code,
            message,
            request_id: String::new(),
        }
    }

    /// A refusal with a message of its own.
    pub fn with(code: ErrorCode, message: impl Into<String>) -> Self {
        Refusal {
            code,
            message: message.into(),
            request_id: String::new(),
        }
    }

    pub fn with_request_id(mut self, request_id: impl Into<String>) -> Self {
        self.request_id = request_id.into();
        self
    }

    /// The HTTP status of the answer (the code's; 400 for a code the catalogue lacks).
    pub fn http_status(&self) -> u16 {
        self.code.http_status()
    }

    /// The answer's body: the API's error envelope.
    pub fn envelope(&self) -> crate::wire::ErrorEnvelope {
        crate::wire::ErrorEnvelope::with_message(
            self.request_id.clone(),
            self.code.clone(),
            self.message.clone(),
        )
    }
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code, self.message)
    }
}

impl std::error::Error for Refusal {}

/// A broken rule, answered in the API's envelope with its English sentence.
impl From<crate::violation::Violation> for Refusal {
    fn from(violation: crate::violation::Violation) -> Self {
        Refusal::with(violation.code(), crate::english::sentence(&violation))
    }
}

/// Servers only (feature `axum`): a refusal is an HTTP response in the API's envelope. The
/// refusal itself rides along in the response's extensions, so an access log can read its
/// code and request id without parsing the body.
#[cfg(feature = "axum")]
impl axum_core::response::IntoResponse for Refusal {
    fn into_response(self) -> axum_core::response::Response {
        let status =
            http::StatusCode::from_u16(self.http_status()).unwrap_or(http::StatusCode::BAD_REQUEST);
        let body = serde_json::to_vec(&self.envelope()).expect("an envelope serialises");
        let mut response = axum_core::response::Response::new(axum_core::body::Body::from(body));
        *response.status_mut() = status;
        response.headers_mut().insert(
            http::header::CONTENT_TYPE,
            http::HeaderValue::from_static("application/json"),
        );
        response.extensions_mut().insert(self);
        response
    }
}
