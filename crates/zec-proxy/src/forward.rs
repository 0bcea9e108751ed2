//! `POST /api/v2/{zec,ccs}`: the browser-facing API. Each call is checked (allowlisted action,
//! same origin, access policy, body size, the contract's rules) and only then signed and
//! forwarded. Every refusal uses the API's own envelope with a request id.

use std::sync::Arc;

use axum::body::{Body, Bytes};
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::de::DeserializeOwned;
use serde_json::Value;
use zec_api::rules::{self, ResetContext};
use zec_api::wire::*;
use zec_api::{Action, ErrorCode, Service};

use crate::access::check_same_origin;
use crate::app::AppState;
use crate::log::LogFields;
use crate::scope::limit_to_scope;
use crate::upstream::UpstreamError;

/// Request bodies above this are refused with 413.
pub const MAX_BODY_BYTES: usize = 64 * 1024;

/// A refusal in the API's envelope, carrying what the access log needs.
#[derive(Debug)]
pub struct Refusal {
    pub code: ErrorCode,
    pub message: String,
}

impl Refusal {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Refusal {
            code,
            message: message.into(),
        }
    }

    pub fn into_response(self, request_id: String) -> Response {
        let status =
            StatusCode::from_u16(self.code.http_status()).unwrap_or(StatusCode::BAD_REQUEST);
        let log = LogFields {
            code: self.code.to_string(),
            request_id: request_id.clone(),
            ..LogFields::default()
        };
        let mut response = (
            status,
            Json(ErrorEnvelope::with_message(
                request_id,
                self.code,
                self.message,
            )),
        )
            .into_response();
        response.extensions_mut().insert(log);
        response
    }
}

impl From<rules::Violation> for Refusal {
    fn from(violation: rules::Violation) -> Self {
        Refusal::new(violation.code, violation.message)
    }
}

impl From<(ErrorCode, String)> for Refusal {
    fn from((code, message): (ErrorCode, String)) -> Self {
        Refusal::new(code, message)
    }
}

pub fn new_request_id() -> String {
    format_request_id(rand::random())
}

pub async fn api(
    State(state): State<Arc<AppState>>,
    Path(service): Path<String>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let action_name = headers
        .get("x-zc-action")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned();
    match forward(&state, &service, &action_name, &headers, body).await {
        Ok(response) => response,
        Err(refusal) => {
            let mut response = refusal.into_response(new_request_id());
            if let Some(log) = response.extensions_mut().get_mut::<LogFields>() {
                log.action = action_name;
            }
            response
        }
    }
}

async fn read_body(headers: &HeaderMap, body: Body) -> Result<Bytes, Refusal> {
    let too_large = || {
        Refusal::new(
            ErrorCode::PayloadTooLarge,
            ErrorCode::PayloadTooLarge.message(),
        )
    };
    let declared = headers
        .get("content-length")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|length| length > MAX_BODY_BYTES) {
        return Err(too_large());
    }
    axum::body::to_bytes(body, MAX_BODY_BYTES)
        .await
        .map_err(|_| too_large())
}

fn parse<T: DeserializeOwned>(body: &[u8]) -> Result<T, Refusal> {
    parse_request(body).map_err(|message| Refusal::new(ErrorCode::InvalidParameter, message))
}

async fn forward(
    state: &AppState,
    service: &str,
    action_name: &str,
    headers: &HeaderMap,
    body: Body,
) -> Result<Response, Refusal> {
    let service = Service::from_name(service).ok_or_else(|| {
        Refusal::new(
            ErrorCode::ActionNotAllowed,
            "There is no such service here.",
        )
    })?;
    let action = Action::find(service, action_name).ok_or_else(|| {
        Refusal::new(
            ErrorCode::ActionNotAllowed,
            format!("The action {action_name:?} is not forwarded by this console."),
        )
    })?;
    check_same_origin(headers)?;
    let user = state.access.authenticate(headers)?;
    let body = read_body(headers, body).await?;
    let instances = validate(action, &body)?;
    let body = limit_to_scope(&state.access, &state.upstream, action, body, &instances).await?;

    let answer = match state.upstream.call(action, &body).await {
        Ok(answer) => answer,
        Err(error) => return Err(upstream_refusal(action, error)),
    };
    let envelope: Option<Value> = serde_json::from_slice(&answer.body).ok();
    let upstream_request_id = envelope
        .as_ref()
        .and_then(|v| v["requestId"].as_str())
        .map(str::to_owned);
    let Some(request_id) = upstream_request_id else {
        return Err(Refusal::new(
            ErrorCode::UpstreamUnreachable,
            format!(
                "The cloud API gave an unexpected answer (HTTP {}).",
                answer.status
            ),
        ));
    };
    let code = envelope
        .as_ref()
        .and_then(|v| v["code"].as_str())
        .unwrap_or("OK")
        .to_owned();
    let status = StatusCode::from_u16(answer.status).unwrap_or(StatusCode::BAD_GATEWAY);
    let mut response =
        (status, [("content-type", "application/json")], answer.body).into_response();
    response.extensions_mut().insert(LogFields {
        action: action.name().to_owned(),
        instance: instances.join(","),
        code,
        request_id,
        user: user.unwrap_or_default(),
    });
    Ok(response)
}

fn upstream_refusal(action: Action, error: UpstreamError) -> Refusal {
    let changes = if action.is_read_only() {
        ""
    } else {
        " The change may or may not have been made: check the instance's status before trying again."
    };
    match error {
        UpstreamError::Timeout => Refusal::new(
            ErrorCode::UpstreamTimeout,
            format!("The cloud API did not answer in time.{changes}"),
        ),
        UpstreamError::Unreachable(detail) => {
            tracing::warn!(action = action.name(), %detail, "upstream unreachable");
            Refusal::new(
                ErrorCode::UpstreamUnreachable,
                format!("The cloud API could not be reached.{changes}"),
            )
        }
    }
}

/// The checks the API would make that need no lookup, with the API's own codes. Returns the
/// instance ids the request names.
fn validate(action: Action, body: &[u8]) -> Result<Vec<String>, Refusal> {
    Ok(match action {
        Action::DescribeInstances => {
            let request: DescribeInstancesRequest = parse(body)?;
            rules::check_instance_ids(&request.instance_ids, false)?;
            rules::check_paging(request.page_size, request.page_num)?;
            request.instance_ids
        }
        Action::DescribeInstancesStatus => {
            let request: DescribeInstancesStatusRequest = parse(body)?;
            rules::check_instance_ids(&request.instance_ids, false)?;
            rules::check_paging(request.page_size, request.page_num)?;
            request.instance_ids
        }
        Action::DescribeImages => {
            let request: DescribeImagesRequest = parse(body)?;
            rules::check_paging(request.page_size, request.page_num)?;
            Vec::new()
        }
        Action::DescribeKeyPairs => {
            let request: DescribeKeyPairsRequest = parse(body)?;
            rules::check_paging(request.page_size, request.page_num)?;
            Vec::new()
        }
        Action::DescribeTimeZones => {
            parse::<DescribeTimeZonesRequest>(body)?;
            Vec::new()
        }
        Action::StopInstances => {
            let request: StopInstancesRequest = parse(body)?;
            rules::check_instance_ids(&request.instance_ids, true)?;
            request.instance_ids
        }
        Action::StartInstances => {
            let request: StartInstancesRequest = parse(body)?;
            rules::check_instance_ids(&request.instance_ids, true)?;
            request.instance_ids
        }
        Action::ResetInstance => {
            let request: ResetInstanceRequest = parse(body)?;
            if request.instance_id.trim().is_empty() {
                return Err(Refusal::new(
                    ErrorCode::MissingParameter,
                    "instanceId is required.",
                ));
            }
            rules::check_reset(&request.options, &ResetContext::default())?;
            vec![request.instance_id]
        }
        Action::ResetInstances => {
            let request: ResetInstancesRequest = parse(body)?;
            rules::check_instance_ids(&request.instance_ids, true)?;
            rules::check_reset(&request.options, &ResetContext::default())?;
            request.instance_ids
        }
    })
}
