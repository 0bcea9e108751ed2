//! The proxy's one router: the API, the status stream, the health check and the console's
//! static files, with the cross-cutting concerns as layers.

use std::path::Path;
use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{header, HeaderValue};
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::json;
use tower_http::compression::CompressionLayer;
use tower_http::services::ServeDir;

use crate::access::AccessPolicy;
use crate::forward;
use crate::log::access_log;
use crate::status::{status_stream, StatusHub};
use crate::upstream::Upstream;

pub struct AppState {
    pub upstream: Upstream,
    pub access: AccessPolicy,
    pub status: Arc<StatusHub>,
    /// "emulator" or "cloud", shown by the health check.
    pub mode: &'static str,
}

/// Allows the console's own scripts and its wasm, nothing inline and nothing from elsewhere.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; \
    style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; \
    base-uri 'none'; form-action 'self'; frame-ancestors 'self'";

pub fn router(state: Arc<AppState>, static_dir: &Path) -> Router {
    let api = Router::new()
        .route("/api/v2/zec/status-stream", get(status_stream))
        .route("/api/v2/{service}", post(forward::api))
        .route("/healthz", get(healthz))
        .with_state(state);
    let console = Router::new()
        .fallback_service(ServeDir::new(static_dir).append_index_html_on_directories(true))
        .layer(middleware::from_fn(static_headers));
    api.merge(console)
        .layer(middleware::from_fn(security_headers))
        // The default predicate leaves event streams and small bodies uncompressed.
        .layer(CompressionLayer::new())
        .layer(middleware::from_fn(access_log))
}

async fn healthz(State(state): State<Arc<AppState>>) -> Json<serde_json::Value> {
    Json(json!({
        "status": "ok",
        "mode": state.mode,
        "watchedInstances": state.status.watched_count(),
        "statusIntervalMs": state.status.interval().as_millis() as u64,
    }))
}

async fn security_headers(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    for (name, value) in [
        ("content-security-policy", CONTENT_SECURITY_POLICY),
        ("x-content-type-options", "nosniff"),
        ("referrer-policy", "no-referrer"),
        ("x-frame-options", "SAMEORIGIN"),
        ("cross-origin-opener-policy", "same-origin"),
        (
            "permissions-policy",
            "camera=(), microphone=(), geolocation=()",
        ),
    ] {
        headers.insert(name, HeaderValue::from_static(value));
    }
    response
}

/// Pages are revalidated on every visit so a new release shows at once; other files are
/// cached briefly and revalidated by Last-Modified.
async fn static_headers(request: Request, next: Next) -> Response {
    let is_page = {
        let path = request.uri().path();
        path.ends_with('/') || path.ends_with(".html")
    };
    let mut response = next.run(request).await;
    let cache = if is_page {
        "no-cache"
    } else {
        "public, max-age=300"
    };
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    response
}
