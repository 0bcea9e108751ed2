//! A stand-in for the API that records every call it receives (action and body) and answers
//! each with what the test says, for tests about what the proxy forwards.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use axum::body::Bytes;
use axum::http::HeaderMap;
use serde_json::{json, Value};

/// Every call the stand-in received, in order: the `X-ZC-Action` and the JSON body.
pub type Calls = Arc<Mutex<Vec<(String, Value)>>>;

/// Serves the stand-in on a loopback port. `answer` gives the `response` object of a call
/// from its action and body; the envelope around it is added here.
pub async fn recording_upstream(answer: fn(&str, &Value) -> Value) -> (SocketAddr, Calls) {
    let calls: Calls = Arc::default();
    let sink = calls.clone();
    let app = axum::Router::new().route(
        "/api/v2/{service}",
        axum::routing::post(move |headers: HeaderMap, body: Bytes| {
            let sink = sink.clone();
            async move {
                let action = headers["x-zc-action"].to_str().unwrap().to_owned();
                let body: Value = serde_json::from_slice(&body).unwrap();
                let response = answer(&action, &body);
                sink.lock().unwrap().push((action, body));
                let request_id = response["requestId"].clone();
                axum::Json(json!({"requestId": request_id, "response": response}))
            }
        }),
    );
    (super::serve(app).await, calls)
}
