//! One structured log line per request (target `zec_proxy::access`). Handlers attach
//! [`LogFields`] to their response; nothing from a request body is logged except, for a
//! reinstall, the plan's non-secret fields ([`ResetPlan`]): never the password or the user
//! data themselves, only whether a password was given and how long the user data is.

use std::time::Instant;

use axum::extract::Request;
use axum::middleware::Next;
use axum::response::Response;
use zec_api::wire::ResetOptions;
use zec_api::Refusal;

/// What a handler tells the access log about its call.
#[derive(Clone, Debug, Default)]
pub struct LogFields {
    pub action: String,
    pub instance: String,
    pub code: String,
    pub request_id: String,
    /// Who called: the session's `sub`, the identity header's user, or `console`.
    pub actor: String,
    /// ResetInstance / ResetInstances only.
    pub plan: Option<ResetPlan>,
}

/// What a reinstall asked for, without its secrets.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ResetPlan {
    pub image_id: Option<String>,
    pub key_id: Option<String>,
    pub instance_name: Option<String>,
    pub timezone: Option<String>,
    pub enable_agent: Option<bool>,
    /// UTF-8 bytes of the user data (0 when none was given).
    pub user_data_bytes: usize,
    pub password_given: bool,
}

impl ResetPlan {
    pub fn of(options: &ResetOptions) -> ResetPlan {
        ResetPlan {
            image_id: options.image_id.clone(),
            key_id: options.key_id.clone(),
            instance_name: options.instance_name.clone(),
            timezone: options.timezone.clone(),
            enable_agent: options.enable_agent,
            user_data_bytes: options.user_data.as_ref().map_or(0, String::len),
            password_given: options.password.is_some(),
        }
    }
}

/// The caller's actor, attached to every API response by `identify.rs`, so that refusals made
/// by layers (rate limits, timeouts) name it too.
#[derive(Clone, Debug)]
pub struct LoggedActor(pub String);

pub async fn access_log(request: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = request.method().clone();
    let path = request.uri().path().to_owned();
    let response = next.run(request).await;
    let mut fields = response
        .extensions()
        .get::<LogFields>()
        .cloned()
        .unwrap_or_default();
    // A refusal made by a layer rather than a handler still names its code and request id.
    if let (true, Some(refusal)) = (
        fields.code.is_empty(),
        response.extensions().get::<Refusal>(),
    ) {
        fields.code = refusal.code.to_string();
        fields.request_id = refusal.request_id.clone();
    }
    if fields.actor.is_empty() {
        if let Some(LoggedActor(actor)) = response.extensions().get::<LoggedActor>() {
            fields.actor = actor.clone();
        }
    }
    let is_reset = fields.plan.is_some();
    let plan = fields.plan.clone().unwrap_or_default();
    tracing::info!(
        target: "zec_proxy::access",
        method = %method,
        path = %path,
        status = response.status().as_u16(),
        action = %fields.action,
        instance = %fields.instance,
        code = %fields.code,
        request_id = %fields.request_id,
        actor = %fields.actor,
        duration_ms = started.elapsed().as_secs_f64() * 1000.0,
        image_id = plan.image_id.as_deref(),
        key_id = plan.key_id.as_deref(),
        instance_name = plan.instance_name.as_deref(),
        timezone = plan.timezone.as_deref(),
        enable_agent = plan.enable_agent,
        user_data_bytes = is_reset.then_some(plan.user_data_bytes as u64),
        password_given = is_reset.then_some(plan.password_given),
    );
    response
}
