//! One structured log line per request. Handlers attach [`LogFields`] to their response;
//! nothing from a request body is ever logged, so passwords, user data and credentials
//! cannot reach the log.

use std::time::Instant;

use axum::extract::Request;
use axum::middleware::Next;
use axum::response::Response;

/// What a handler tells the access log about its call.
#[derive(Clone, Debug, Default)]
pub struct LogFields {
    pub action: String,
    pub instance: String,
    pub code: String,
    pub request_id: String,
    pub user: String,
}

pub async fn access_log(request: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = request.method().clone();
    let path = request.uri().path().to_owned();
    let response = next.run(request).await;
    let fields = response
        .extensions()
        .get::<LogFields>()
        .cloned()
        .unwrap_or_default();
    tracing::info!(
        target: "zec_proxy::access",
        method = %method,
        path = %path,
        status = response.status().as_u16(),
        action = %fields.action,
        instance = %fields.instance,
        code = %fields.code,
        request_id = %fields.request_id,
        user = %fields.user,
        duration_ms = started.elapsed().as_secs_f64() * 1000.0,
    );
    response
}
