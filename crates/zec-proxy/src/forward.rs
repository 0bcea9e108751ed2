//! `POST /api/v2/{zec,ccs}`: the browser-facing API. Each call is checked (allowlisted
//! action, JSON content type, body size, the contract's rules, canonical ids, then who may do
//! what: `access::decide` through `scope.rs` or `snapshots.rs`) and only then signed and
//! forwarded. What is forwarded is the typed request, serialised
//! again after validation: keys the contract does not name (a case variant such as
//! `InstanceId`, an unknown filter) never reach the API. Every refusal uses the API's own
//! envelope with a request id.
//!
//! Where and from which origin a call may come is checked before this (`origin.rs`).

use std::sync::Arc;

use axum::body::{Body, Bytes};
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Extension;
use serde_json::Value;
use zec_api::limits::{bounded_action_name, MAX_REQUEST_BODY_BYTES};
use zec_api::rules::{self, ResetContext};
use zec_api::wire::*;
use zec_api::{Action, ErrorCode, Refusal, Service};

use crate::access::Caller;
use crate::app::AppState;
use crate::log::{LogFields, ResetPlan};
use crate::upstream::UpstreamError;

pub fn new_request_id() -> String {
    format_request_id(rand::random())
}

pub async fn api(
    State(state): State<Arc<AppState>>,
    Extension(caller): Extension<Caller>,
    Path(service): Path<String>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let action_name = bounded_action_name(
        headers
            .get("x-zc-action")
            .and_then(|v| v.to_str().ok())
            .unwrap_or(""),
    );
    match forward(&state, &caller, &service, &action_name, &headers, body).await {
        Ok(response) => response,
        Err(refusal) => {
            let refusal = refusal.with_request_id(new_request_id());
            let log = LogFields {
                action: action_name,
                code: refusal.code.to_string(),
                request_id: refusal.request_id.clone(),
                actor: caller.actor.as_str().to_owned(),
                ..LogFields::default()
            };
            let mut response = refusal.into_response();
            response.extensions_mut().insert(log);
            response
        }
    }
}

/// The body must be JSON: a form or text/plain body (which a foreign page can send without
/// a CORS preflight) is refused with 415.
fn check_content_type(headers: &HeaderMap) -> Result<(), Refusal> {
    let media_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.split(';').next())
        .map(str::trim);
    match media_type {
        Some(media_type) if media_type.eq_ignore_ascii_case("application/json") => Ok(()),
        _ => Err(Refusal::with(
            ErrorCode::UnsupportedMediaType,
            "The request body must be JSON, sent with Content-Type: application/json.",
        )),
    }
}

/// Reads the body up to the largest valid request (tower-http's limit refuses a longer
/// Content-Length before this runs; a chunked body is cut at the same size).
async fn read_body(body: Body) -> Result<Bytes, Refusal> {
    axum::body::to_bytes(body, MAX_REQUEST_BODY_BYTES)
        .await
        .map_err(|error| {
            let mut source: Option<&(dyn std::error::Error + 'static)> = Some(&error);
            while let Some(current) = source {
                if current.is::<tower_http::timeout::TimeoutError>() {
                    return Refusal::with(
                        ErrorCode::RequestTimeout,
                        "The request body arrived too slowly.",
                    );
                }
                source = current.source();
            }
            Refusal::new(ErrorCode::PayloadTooLarge)
        })
}

async fn forward(
    state: &AppState,
    caller: &Caller,
    service: &str,
    action_name: &str,
    headers: &HeaderMap,
    body: Body,
) -> Result<Response, Refusal> {
    let service = Service::from_name(service).ok_or_else(|| {
        Refusal::with(
            ErrorCode::ActionNotAllowed,
            "There is no such service here.",
        )
    })?;
    let action = Action::find(service, action_name).ok_or_else(|| {
        Refusal::with(
            ErrorCode::ActionNotAllowed,
            format!("The action {action_name:?} is not forwarded by this console."),
        )
    })?;
    check_content_type(headers)?;
    // An action the caller may not make is refused before anything is read or looked up.
    caller.permits(action)?;
    let body = read_body(body).await?;
    let mut request = ApiRequest::parse(action, &body)?;
    request.validate(zec_api::time::unix_seconds(std::time::SystemTime::now()))?;
    crate::ids::check_request(&request)?;
    let instances = request.instance_ids();
    if request.is_snapshot_call() {
        crate::snapshots::check(state, caller, action, &mut request).await?;
    } else {
        crate::scope::check(state, caller, action, &mut request, &instances).await?;
    }

    let answer = match state.upstream.call(action, &request.to_body()).await {
        Ok(answer) => answer,
        Err(error) => return Err(upstream_refusal(action, error)),
    };
    let envelope: Option<Value> = serde_json::from_slice(&answer.body).ok();
    let upstream_request_id = envelope
        .as_ref()
        .and_then(|v| v["requestId"].as_str())
        .map(str::to_owned);
    let Some(request_id) = upstream_request_id else {
        return Err(Refusal::with(
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
        instance: request.logged_ids().join(","),
        code,
        request_id,
        actor: caller.actor.as_str().to_owned(),
        plan: request.plan(),
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
        UpstreamError::Timeout => Refusal::with(
            ErrorCode::UpstreamTimeout,
            format!("The cloud API did not answer in time.{changes}"),
        ),
        UpstreamError::Busy(_) => Refusal::new(ErrorCode::UpstreamBusy),
        UpstreamError::Unreachable(detail) => {
            tracing::warn!(action = action.name(), %detail, "upstream unreachable");
            Refusal::with(
                ErrorCode::UpstreamUnreachable,
                format!("The cloud API could not be reached.{changes}"),
            )
        }
    }
}

// A request of one of the forwarded actions, as the contract types it: one variant per
// action of the contract's action table (`zec_api::actions`).
zec_api::request_enum!(pub enum ApiRequest);

impl ApiRequest {
    pub fn parse(action: Action, body: &[u8]) -> Result<ApiRequest, Refusal> {
        ApiRequest::from_body(action, body)
            .map_err(|message| Refusal::with(ErrorCode::InvalidParameter, message))
    }

    /// The checks the API would make that need no lookup, with the API's own codes.
    /// `now_unix` is the time a retention time is measured from.
    pub fn validate(&self, now_unix: i64) -> Result<(), Refusal> {
        match self {
            ApiRequest::DescribeInstances(request) => {
                rules::check_instance_ids(&request.instance_ids, false)?;
                rules::check_paging(request.page_size, request.page_num)?;
            }
            ApiRequest::DescribeInstancesStatus(request) => {
                rules::check_instance_ids(&request.instance_ids, false)?;
                rules::check_paging(request.page_size, request.page_num)?;
            }
            ApiRequest::DescribeImages(request) => {
                rules::check_paging(request.page_size, request.page_num)?;
            }
            ApiRequest::DescribeKeyPairs(request) => {
                rules::check_paging(request.page_size, request.page_num)?;
            }
            ApiRequest::DescribeTimeZones(_) => {}
            ApiRequest::StopInstances(request) => {
                rules::check_instance_ids(&request.instance_ids, true)?;
            }
            ApiRequest::StartInstances(request) => {
                rules::check_instance_ids(&request.instance_ids, true)?;
            }
            ApiRequest::ResetInstance(request) => {
                rules::check_present("instanceId", &request.instance_id)?;
                rules::check_reset(&request.options, &ResetContext::default())?;
            }
            ApiRequest::ResetInstances(request) => {
                rules::check_instance_ids(&request.instance_ids, true)?;
                rules::check_reset(&request.options, &ResetContext::default())?;
            }
            ApiRequest::CreateSnapshot(request) => rules::check_create_snapshot(request, now_unix)?,
            ApiRequest::DescribeSnapshots(request) => {
                rules::check_snapshot_ids(&request.snapshot_ids, false)?;
                rules::check_paging(request.page_size, request.page_num)?;
            }
            ApiRequest::ApplySnapshot(request) => rules::check_apply_snapshot_request(request)?,
            ApiRequest::DeleteSnapshots(request) => {
                rules::check_snapshot_ids(&request.snapshot_ids, true)?;
            }
        }
        Ok(())
    }

    /// The instance ids the request names.
    pub fn instance_ids(&self) -> Vec<String> {
        match self {
            ApiRequest::DescribeInstances(request) => request.instance_ids.clone(),
            ApiRequest::DescribeInstancesStatus(request) => request.instance_ids.clone(),
            ApiRequest::StopInstances(request) => request.instance_ids.clone(),
            ApiRequest::StartInstances(request) => request.instance_ids.clone(),
            ApiRequest::ResetInstance(request) => vec![request.instance_id.clone()],
            ApiRequest::ResetInstances(request) => request.instance_ids.clone(),
            ApiRequest::DescribeImages(_)
            | ApiRequest::DescribeTimeZones(_)
            | ApiRequest::DescribeKeyPairs(_)
            | ApiRequest::CreateSnapshot(_)
            | ApiRequest::DescribeSnapshots(_)
            | ApiRequest::ApplySnapshot(_)
            | ApiRequest::DeleteSnapshots(_) => Vec::new(),
        }
    }

    /// What the access log names: the instance ids, or for a snapshot call its disk and
    /// snapshot ids.
    pub fn logged_ids(&self) -> Vec<String> {
        match self {
            ApiRequest::CreateSnapshot(request) => vec![request.disk_id.clone()],
            ApiRequest::DescribeSnapshots(request) => request.disk_ids.clone(),
            ApiRequest::ApplySnapshot(request) => {
                vec![request.disk_id.clone(), request.snapshot_id.clone()]
            }
            ApiRequest::DeleteSnapshots(request) => request.snapshot_ids.clone(),
            _ => self.instance_ids(),
        }
    }

    /// The body that is forwarded: the typed request serialised again (only the contract's
    /// keys, camelCase, absent options omitted).
    pub fn to_body(&self) -> Bytes {
        Bytes::from(self.to_json())
    }

    /// Snapshot calls name disks and snapshots, not instances: their scope and protection
    /// checks are `snapshots.rs`.
    pub fn is_snapshot_call(&self) -> bool {
        matches!(
            self,
            ApiRequest::CreateSnapshot(_)
                | ApiRequest::DescribeSnapshots(_)
                | ApiRequest::ApplySnapshot(_)
                | ApiRequest::DeleteSnapshots(_)
        )
    }

    /// For a reinstall: the plan's non-secret fields, for the access log.
    pub fn plan(&self) -> Option<ResetPlan> {
        match self {
            ApiRequest::ResetInstance(request) => Some(ResetPlan::of(&request.options)),
            ApiRequest::ResetInstances(request) => Some(ResetPlan::of(&request.options)),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_and_case_variant_keys_are_not_forwarded() {
        let body =
            br#"{"instanceId":"ins-web-01","InstanceId":"other","password":"Abcdef1!","extra":1}"#;
        let request = ApiRequest::parse(Action::ResetInstance, body).unwrap();
        request.validate(0).unwrap();
        let forwarded: Value = serde_json::from_slice(&request.to_body()).unwrap();
        assert_eq!(
            forwarded,
            serde_json::json!({"instanceId": "ins-web-01", "password": "Abcdef1!"})
        );
    }
}
