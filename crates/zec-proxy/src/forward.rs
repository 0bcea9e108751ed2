//! `POST /api/v2/{zec,ccs}`: the browser-facing API. Each call is checked (allowlisted
//! action, JSON content type, body size, the contract's rules, canonical ids, then who may do
//! what: `access::decide` through `scope.rs` or `snapshots.rs`) and only then signed and
//! forwarded. What is forwarded is the typed request, serialised
//! again after validation: keys the contract does not name (a case variant such as
//! `InstanceId`, an unknown filter) never reach the API. Every refusal uses the API's own
//! envelope with a request id.
//!
//! Every state-changing call is on record (`activity/`): written before it is forwarded (or
//! refused with 503 `ACTIVITY_UNAVAILABLE` when it cannot be), completed with the answer;
//! refusals are recorded too.
//!
//! Where and from which origin a call may come is checked before this (`origin.rs`).

use std::sync::Arc;
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::{Path, Request, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Extension;
use serde_json::Value;
use zec_api::limits::{bounded_action_name, MAX_REQUEST_BODY_BYTES};
use zec_api::wire::format_request_id;
use zec_api::{Action, ErrorCode, Refusal, Service};

use crate::access::Caller;
use crate::activity::{self, Answered, Draft, Who};
use crate::app::AppState;
use crate::log::LogFields;
pub use crate::request::ApiRequest;
use crate::scope::Concerned;
use crate::server::peer_of;
use crate::upstream::{Answer, UpstreamError};

pub fn new_request_id() -> String {
    format_request_id(rand::random())
}

pub async fn api(
    State(state): State<Arc<AppState>>,
    Extension(caller): Extension<Caller>,
    Path(service): Path<String>,
    request: Request,
) -> Response {
    let started_at = activity::now_ms();
    let (parts, body) = request.into_parts();
    let action_name = bounded_action_name(
        parts
            .headers
            .get("x-zc-action")
            .and_then(|v| v.to_str().ok())
            .unwrap_or(""),
    );
    let client = activity::client_address(
        &state.access.control,
        peer_of(&parts.extensions),
        &parts.headers,
    );
    let mut call = Call {
        who: Who::of(&caller, client),
        request_id: new_request_id(),
        started_at,
        draft: None,
    };
    let sent = forward(
        &state,
        &caller,
        &service,
        &action_name,
        &parts.headers,
        body,
        &mut call,
    );
    match sent.await {
        Ok(response) => response,
        Err(refusal) => {
            let refusal = refusal.with_request_id(call.request_id.clone());
            // A call refused before it was sent is recorded here; once sent, its record was
            // written before and completed with the answer (`send_on_record`).
            if let Some(draft) = &call.draft {
                state.activity.refused(&call.who, draft, &refusal).await;
            }
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

/// One call on its way: who made it, the proxy's request id for its own answers, and for a
/// state-changing action its record, gathered as the checks go.
struct Call {
    who: Who,
    request_id: String,
    started_at: i64,
    draft: Option<Draft>,
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
/// Content-Length before this runs; a chunked body is cut at the same size), within the
/// body's deadline as a whole and tower-http's pace between its chunks.
async fn read_body(body: Body, deadline: Duration) -> Result<Bytes, Refusal> {
    let too_slow = || {
        Refusal::with(
            ErrorCode::RequestTimeout,
            "The request body arrived too slowly.",
        )
    };
    tokio::time::timeout(deadline, axum::body::to_bytes(body, MAX_REQUEST_BODY_BYTES))
        .await
        .map_err(|_| too_slow())?
        .map_err(|error| {
            let mut source: Option<&(dyn std::error::Error + 'static)> = Some(&error);
            while let Some(current) = source {
                if current.is::<tower_http::timeout::TimeoutError>() {
                    return too_slow();
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
    call: &mut Call,
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
    if !action.is_read_only() {
        let mut draft = Draft::new(action, call.request_id.clone(), call.started_at);
        draft.in_scope = !caller.scope.is_restricted();
        call.draft = Some(draft);
    }
    check_content_type(headers)?;
    // An action the caller may not make is refused before anything is read or looked up.
    caller.permits(action)?;
    let body = read_body(body, state.body_deadline).await?;
    let mut request = ApiRequest::parse(action, &body)?;
    if let Some(draft) = call.draft.as_mut() {
        draft.read(&request, &caller.scope);
    }
    request.validate(zec_api::time::unix_seconds(std::time::SystemTime::now()))?;
    crate::ids::check_request(&request)?;
    let instances = request.instance_ids();
    let mut concerned = Concerned::default();
    let checked = if request.is_snapshot_call() {
        crate::snapshots::check(state, caller, action, &mut request, &mut concerned).await
    } else {
        crate::scope::check(
            state,
            caller,
            action,
            &mut request,
            &instances,
            &mut concerned,
        )
        .await
    };
    if let Some(draft) = call.draft.as_mut() {
        draft.checked(&concerned, checked.as_ref().err());
    }
    checked?;

    let result = match call.draft.take() {
        Some(draft) => send_on_record(state, &call.who, draft, request.to_body()).await?,
        None => state.upstream.call(action, &request.to_body()).await,
    };
    let answer = result.map_err(|error| upstream_refusal(action, error))?;
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

/// Writes the call's record, then sends it and completes the record with the answer. Refused
/// (503 `ACTIVITY_UNAVAILABLE`, nothing sent) when the record cannot be written. The call and
/// the record's completion run on their own task: a browser that leaves, or the whole-call
/// timeout, must not leave the record open while the API carries the call out.
async fn send_on_record(
    state: &AppState,
    who: &Who,
    draft: Draft,
    body: Bytes,
) -> Result<Result<Answer, UpstreamError>, Refusal> {
    let id = state.activity.begin(who, &draft).await?;
    let upstream = state.upstream.clone();
    let activity = state.activity.clone();
    let sending = tokio::spawn(async move {
        let result = upstream.call(draft.action, &body).await;
        activity.answered(id, &draft, Answered::of(&result)).await;
        result
    });
    sending.await.map_err(|_| {
        Refusal::with(
            ErrorCode::UpstreamUnreachable,
            "The call failed inside the proxy; its outcome is being checked with the cloud API.",
        )
    })
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
