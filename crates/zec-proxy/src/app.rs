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
        .fallback_service(
            // The build writes `.br` and `.gz` beside each file (scripts/finish-dist.mjs); the
            // compression layer below only handles files without them.
            ServeDir::new(static_dir)
                .append_index_html_on_directories(true)
                .precompressed_br()
                .precompressed_gzip(),
        )
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

/// Whether a file name carries a content hash as Trunk writes it: `-` and 8 to 16 lowercase
/// hex digits right before `.` or `_bg.` (`styles-5f3a09c1d2e4b6a8.css`).
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
