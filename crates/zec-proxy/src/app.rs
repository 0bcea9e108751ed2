//! The proxy's one router: the API, the status stream, the health check and the console's
//! static files, with the cross-cutting concerns as layers.

use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::extract::{Request, State};
use axum::http::{header, HeaderName, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::json;
use tower_http::compression::CompressionLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::{RequestBodyTimeoutLayer, TimeoutLayer};
use zec_api::activity::ACTIVITY_PATH;
use zec_api::grant::SESSION_GRANT_PATH;
use zec_api::limits::MAX_REQUEST_BODY_BYTES;
use zec_api::live::STATUS_STREAM_PATH;
use zec_api::rules::PROTECTION_POLICY_PATH;
use zec_api::{Action, ErrorCode, Refusal};

use crate::access::{AccessPolicy, Caller};
use crate::forward::{self, new_request_id};
use crate::identify::identify;
use crate::limit::{limit_in_progress, limit_rate, set_retry_after, FairShare};
use crate::log::{access_log, LogFields};
use crate::origin::AllowedOrigins;
use crate::status::StatusHub;
use crate::status_stream::status_stream;
use crate::upstream::Upstream;

pub struct AppState {
    pub upstream: Upstream,
    pub access: AccessPolicy,
    pub origins: AllowedOrigins,
    pub status: Arc<StatusHub>,
    /// The history of state-changing calls (`activity/`).
    pub activity: Arc<crate::activity::Activity>,
    /// Each caller's share: calls per second, calls in progress, open streams.
    pub fair_share: Arc<FairShare>,
    /// "emulator" or "cloud", shown by the health check.
    pub mode: &'static str,
    /// The longest an API call may take in all (upstream timeouts and retries included).
    pub request_timeout: Duration,
    /// How long a body may take between two of its chunks.
    pub body_timeout: Duration,
    /// How long the whole body may take.
    pub body_deadline: Duration,
    /// The health check asks the API itself when nothing has been heard from it this long.
    pub health_probe_after: Duration,
    /// Serialises health probes, and remembers when the last one ran.
    pub health_probe: tokio::sync::Mutex<Option<Instant>>,
}

/// Allows the console's own scripts and its wasm, nothing inline and nothing from elsewhere.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; \
    style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; \
    base-uri 'none'; form-action 'self'; frame-ancestors 'self'";

const SECURITY_HEADERS: [(&str, &str); 6] = [
    ("content-security-policy", CONTENT_SECURITY_POLICY),
    ("x-content-type-options", "nosniff"),
    ("referrer-policy", "no-referrer"),
    ("x-frame-options", "SAMEORIGIN"),
    ("cross-origin-opener-policy", "same-origin"),
    (
        "permissions-policy",
        "camera=(), microphone=(), geolocation=()",
    ),
];

pub fn router(state: Arc<AppState>, static_dir: &Path) -> Router {
    let calls = Router::new()
        .route("/api/v2/{service}", post(forward::api))
        // Innermost first: the body's pace, its size, the whole call, calls per client.
        .layer(RequestBodyTimeoutLayer::new(state.body_timeout))
        .layer(RequestBodyLimitLayer::new(MAX_REQUEST_BODY_BYTES))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::GATEWAY_TIMEOUT,
            state.request_timeout,
        ))
        .layer(middleware::from_fn_with_state(
            state.fair_share.clone(),
            limit_in_progress,
        ));
    // Outermost first: the origin, who is calling (`identify.rs`), the caller's rate.
    let api = Router::new()
        .route(STATUS_STREAM_PATH, get(status_stream))
        .route(PROTECTION_POLICY_PATH, get(crate::protect::policy))
        .route(SESSION_GRANT_PATH, get(grant))
        .route(ACTIVITY_PATH, get(crate::activity::route::activity))
        .merge(calls)
        .layer(middleware::from_fn_with_state(
            state.fair_share.clone(),
            limit_rate,
        ))
        .layer(middleware::from_fn_with_state(state.clone(), identify))
        .layer(middleware::from_fn_with_state(state.clone(), check_origin))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            retry_after_on_429,
        ))
        .layer(middleware::from_fn(envelope_for_layer_refusals))
        .route("/healthz", get(healthz))
        .with_state(state.clone());
    let console = Router::new()
        .fallback_service(
            // The build writes `.br` and `.gz` beside each file (scripts/precompress.mjs); the
            // compression layer below only handles files without them.
            ServeDir::new(static_dir)
                .append_index_html_on_directories(true)
                .precompressed_br()
                .precompressed_gzip(),
        )
        .layer(middleware::from_fn(static_headers));
    let app = api
        .merge(console)
        .layer(middleware::from_fn_with_state(state, check_host));
    let app = SECURITY_HEADERS.iter().fold(app, |app, (name, value)| {
        app.layer(SetResponseHeaderLayer::overriding(
            HeaderName::from_static(name),
            HeaderValue::from_static(value),
        ))
    });
    // The default predicate leaves event streams and small bodies uncompressed.
    app.layer(CompressionLayer::new())
        .layer(middleware::from_fn(access_log))
}

/// Every route but the health check answers only for the allowed hosts (DNS rebinding).
async fn check_host(State(state): State<Arc<AppState>>, request: Request, next: Next) -> Response {
    if request.uri().path() == "/healthz" {
        return next.run(request).await;
    }
    match state.origins.check_host(request.uri(), request.headers()) {
        Ok(()) => next.run(request).await,
        Err(refusal) => refusal.with_request_id(new_request_id()).into_response(),
    }
}

/// The API and the status stream take requests only from the console's own origin.
async fn check_origin(
    State(state): State<Arc<AppState>>,
    request: Request,
    next: Next,
) -> Response {
    match state.origins.check_origin(request.headers()) {
        Ok(()) => next.run(request).await,
        Err(refusal) => refusal.with_request_id(new_request_id()).into_response(),
    }
}

/// `GET /api/v2/zec/session`: the caller's grant (who, until when, which actions, whether the
/// scope is restricted), so the browser can hide or disable what the caller may not do.
async fn grant(axum::Extension(caller): axum::Extension<Caller>) -> Json<zec_api::grant::Grant> {
    Json(caller.grant())
}

/// Every 429 carries `Retry-After`: refusals that know their wait set it; the others (the
/// API's own `REQUEST_LIMIT_EXCEEDED`, `UPSTREAM_BUSY`, `WATCH_LIMIT_EXCEEDED`) get it here.
async fn retry_after_on_429(
    State(state): State<Arc<AppState>>,
    request: Request,
    next: Next,
) -> Response {
    let mut response = next.run(request).await;
    if response.status() == StatusCode::TOO_MANY_REQUESTS
        && !response.headers().contains_key(header::RETRY_AFTER)
    {
        let wait = match response.extensions().get::<Refusal>().map(|r| &r.code) {
            Some(ErrorCode::WatchLimitExceeded) => Duration::from_secs(30),
            _ => state.upstream.budget().retry_after(),
        };
        set_retry_after(&mut response, wait);
    }
    response
}

/// Refusals made by layers (body limit, timeouts) and by extractors come in the API's
/// envelope too, like every other answer of the API routes.
async fn envelope_for_layer_refusals(request: Request, next: Next) -> Response {
    let response = next.run(request).await;
    let status = response.status();
    let handled = response.extensions().get::<Refusal>().is_some()
        || response.extensions().get::<LogFields>().is_some();
    if handled || !(status.is_client_error() || status.is_server_error()) {
        return response;
    }
    let code = match status {
        StatusCode::PAYLOAD_TOO_LARGE => ErrorCode::PayloadTooLarge,
        StatusCode::REQUEST_TIMEOUT => ErrorCode::RequestTimeout,
        StatusCode::GATEWAY_TIMEOUT => ErrorCode::UpstreamTimeout,
        StatusCode::UNSUPPORTED_MEDIA_TYPE => ErrorCode::UnsupportedMediaType,
        _ => ErrorCode::InvalidParameter,
    };
    let mut refused = Refusal::new(code)
        .with_request_id(new_request_id())
        .into_response();
    *refused.status_mut() = status;
    refused
}

/// `GET /healthz`: whether the proxy can reach the API, and (to callers the access policy
/// admits, on an allowed host) how much it is watching.
async fn healthz(State(state): State<Arc<AppState>>, request: Request) -> impl IntoResponse {
    let (uri, headers) = (request.uri(), request.headers());
    probe_if_silent(&state).await;
    let reachability = state.upstream.reachability();
    let age_ms = |at: Option<Instant>| at.map(|at| at.elapsed().as_millis() as u64);
    let reachable = reachability.reachable().unwrap_or(false);
    let mut body = json!({
        "status": if reachable { "ok" } else { "degraded" },
        "mode": state.mode,
        "upstream": {
            "reachable": reachable,
            "lastSuccessAgeMs": age_ms(reachability.last_success),
            "lastFailureAgeMs": age_ms(reachability.last_failure),
        },
    });
    let peer = crate::server::peer_of(request.extensions()).map(|addr| addr.ip());
    let admitted =
        state.origins.allows_host(uri, headers) && state.access.authenticate(headers, peer).is_ok();
    if admitted {
        body["watchedInstances"] = json!(state.status.watched_count());
        body["maxWatchedInstances"] = json!(state.status.max_watched());
        body["statusIntervalMs"] = json!(state.status.interval().as_millis() as u64);
    }
    let status = if reachable {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    (status, Json(body))
}

/// When nothing has been heard from the API for a while, asks it (DescribeTimeZones, one
/// attempt). At most one probe runs at a time, and at most one per `health_probe_after`.
async fn probe_if_silent(state: &AppState) {
    let recent = |at: Option<Instant>| at.is_some_and(|at| at.elapsed() < state.health_probe_after);
    if recent(state.upstream.reachability().last_success) {
        return;
    }
    let mut last_probe = state.health_probe.lock().await;
    if recent(*last_probe) || recent(state.upstream.reachability().last_success) {
        return;
    }
    let timeout = state.upstream.timeout().min(Duration::from_secs(5));
    let _ = state
        .upstream
        .call_once_within(
            Action::DescribeTimeZones,
            &axum::body::Bytes::from_static(b"{}"),
            timeout,
        )
        .await;
    *last_probe = Some(Instant::now());
}

/// File names with a content hash (`styles-5f3a….css`, `zec-reinstall-9c1b…_bg.wasm`) never
/// change content, so browsers keep them for a year without asking; everything else (the
/// pages, `boot.js`, the widget's entry script) is revalidated on every use, so a new release
/// shows at once and never meets a stale file it names.
async fn static_headers(request: Request, next: Next) -> Response {
    let path = request.uri().path();
    let is_page = path.ends_with('/') || path.ends_with(".html");
    let hashed = path.rsplit('/').next().is_some_and(has_content_hash);
    let mut response = next.run(request).await;
    let cache = if is_page {
        "no-cache"
    } else if hashed && response.status().is_success() {
        "public, max-age=31536000, immutable"
    } else {
        "public, max-age=0, must-revalidate"
    };
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    // The body depends on Accept-Encoding (a precompressed file or not).
    headers.append(header::VARY, HeaderValue::from_static("accept-encoding"));
    response
}

/// Whether a file name carries a content hash as scripts/hash-names.mjs writes it: `-` and
/// 8 to 16 lowercase hex digits right before `.` or `_bg.` (`styles-5f3a09c1d2e4b6a8.css`).
fn has_content_hash(name: &str) -> bool {
    let stem = name.split('.').next().unwrap_or("");
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    stem.rsplit_once('-').is_some_and(|(_, hash)| {
        (8..=16).contains(&hash.len())
            && hash
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    })
}

#[cfg(test)]
mod tests {
    use super::has_content_hash;

    #[test]
    fn content_hashes_are_recognised_in_file_names() {
        for hashed in [
            "styles-5f3a09c1d2e4b6a8.css",
            "zec-reinstall-9c1b2d3e4f5a6b7c_bg.wasm",
            "zec-reinstall-9c1b2d3e4f5a6b7.js",
            "zec_reinstall-0123456789abcdef.js.br",
        ] {
            assert!(has_content_hash(hashed), "{hashed}");
        }
        for plain in [
            "index.html",
            "boot.js",
            "zec-reinstall-element.js",
            "zec_reinstall_bg.wasm",
            "embed-demo.js",
            "styles-DEADBEEF0.css",
            "",
        ] {
            assert!(!has_content_hash(plain), "{plain}");
        }
    }
}
