//! Portal sessions in the browser's API client: a call the proxy refuses with 401
//! SESSION_EXPIRED is sent once more with a session from the page's `fetchSession`
//! (concurrent calls share one renewal), a lost answer is never sent again, and without a
//! way to renew the app is told why. The transport is a stand-in that plays the proxy.

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

use std::sync::{Arc, Mutex};

use leptos::prelude::*;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::wasm_bindgen_test;
use zec_api::wire::{DescribeInstancesRequest, ResetInstanceRequest};
use zec_reinstall::api::{ApiClient, Outgoing, Pending, Sent, Transport};
use zec_reinstall::proxy::session_times;

/// Accepts `Bearer fresh…` sessions only; ResetInstance's answer is lost when `lose_reset`.
#[derive(Default)]
struct SessionProxy {
    seen: Mutex<Vec<(String, Option<String>)>>,
    lose_reset: bool,
}

impl SessionProxy {
    fn sent(&self, action: &str) -> Vec<Option<String>> {
        let seen = self.seen.lock().unwrap();
        seen.iter()
            .filter(|(a, _)| a == action)
            .map(|(_, auth)| auth.clone())
            .collect()
    }
}

impl Transport for SessionProxy {
    fn send(&self, request: Outgoing) -> Pending<Sent> {
        let action = request.action.unwrap_or("GET").to_owned();
        let fresh = request
            .authorization
            .as_deref()
            .is_some_and(|auth| auth.starts_with("Bearer fresh"));
        self.seen
            .lock()
            .unwrap()
            .push((action.clone(), request.authorization.clone()));
        let answer = if !fresh {
            Sent::Answer {
                status: 401,
                body: r#"{"requestId":"p-1","code":"SESSION_EXPIRED","message":"expired"}"#.into(),
            }
        } else if action == "ResetInstance" && self.lose_reset {
            Sent::Lost("connection reset".into())
        } else {
            let response = match action.as_str() {
                "DescribeInstances" => r#"{"totalCount":0,"dataSet":[]}"#,
                _ => "{}",
            };
            Sent::Answer {
                status: 200,
                body: format!(r#"{{"requestId":"r-1","response":{response}}}"#),
            }
        };
        Box::pin(async move { answer })
    }
}

/// A `fetchSession` that counts its calls in `window.__renewals` and resolves to `fresh-N`.
fn counting_fetch_session() -> js_sys::Function {
    js_sys::Function::new_no_args(
        "window.__renewals = (window.__renewals || 0) + 1; \
         return new Promise((done) => setTimeout(() => done('fresh-' + window.__renewals), 20));",
    )
}

fn renewals() -> f64 {
    js_sys::Reflect::get(
        &web_sys::window().unwrap(),
        &JsValue::from_str("__renewals"),
    )
    .unwrap()
    .as_f64()
    .unwrap_or(0.0)
}

fn reset_renewals() {
    let _ = js_sys::Reflect::set(
        &web_sys::window().unwrap(),
        &JsValue::from_str("__renewals"),
        &JsValue::from_f64(0.0),
    );
}

fn client(proxy: Arc<SessionProxy>, fetch_session: Option<js_sys::Function>) -> ApiClient {
    let client = ApiClient::with_transport(proxy);
    client.proxy.set_fetch_session(fetch_session);
    client.proxy.set_session(Some("old.session.x".into()));
    client
}

fn reset_request() -> ResetInstanceRequest {
    ResetInstanceRequest {
        instance_id: "ins-web-01".into(),
        ..Default::default()
    }
}

#[wasm_bindgen_test]
async fn concurrent_reads_refused_as_expired_share_one_renewal_and_are_retried() {
    reset_renewals();
    let proxy = Arc::new(SessionProxy::default());
    let client = client(proxy.clone(), Some(counting_fetch_session()));
    let request = DescribeInstancesRequest::default();
    let (a, b) = futures::join!(
        client.describe_instances(&request),
        client.describe_instances(&request)
    );
    assert!(a.is_ok() && b.is_ok(), "{a:?} {b:?}");
    assert_eq!(renewals(), 1.0, "one renewal for both");
    let sent = proxy.sent("DescribeInstances");
    assert_eq!(sent.len(), 4, "each read sent twice: {sent:?}");
    assert_eq!(
        sent.iter()
            .filter(|auth| auth.as_deref() == Some("Bearer fresh-1"))
            .count(),
        2
    );
    assert_eq!(client.proxy.problem.get_untracked(), None);
}

#[wasm_bindgen_test]
async fn a_change_refused_as_expired_never_happened_and_is_sent_once_more() {
    reset_renewals();
    let proxy = Arc::new(SessionProxy::default());
    let client = client(proxy.clone(), Some(counting_fetch_session()));
    assert!(client.reset_instance(&reset_request()).await.is_ok());
    assert_eq!(
        proxy.sent("ResetInstance"),
        [
            Some("Bearer old.session.x".into()),
            Some("Bearer fresh-1".into())
        ]
    );
}

#[wasm_bindgen_test]
async fn a_change_whose_answer_was_lost_is_never_sent_again() {
    reset_renewals();
    let proxy = Arc::new(SessionProxy {
        lose_reset: true,
        ..Default::default()
    });
    let client = client(proxy.clone(), Some(counting_fetch_session()));
    client.proxy.set_session(Some("fresh-0".into()));
    let error = client.reset_instance(&reset_request()).await.unwrap_err();
    assert!(error.outcome_unknown());
    assert_eq!(proxy.sent("ResetInstance").len(), 1);
    assert_eq!(renewals(), 0.0);
}

#[wasm_bindgen_test]
async fn without_a_way_to_renew_the_app_is_told_what_to_do() {
    let proxy = Arc::new(SessionProxy::default());
    let client = client(proxy.clone(), None);
    let error = client
        .describe_instances(&DescribeInstancesRequest::default())
        .await
        .unwrap_err();
    assert_eq!(
        error.code().map(|c| c.to_string()),
        Some("SESSION_EXPIRED".into())
    );
    assert_eq!(proxy.sent("DescribeInstances").len(), 1);
    let problem = client.proxy.problem.get_untracked().expect("a banner");
    assert!(problem.contains("no way to get a new one"), "{problem}");
    // A session given later clears it.
    client.proxy.set_session(Some("fresh-9".into()));
    assert_eq!(client.proxy.problem.get_untracked(), None);
}

#[wasm_bindgen_test]
fn a_session_says_when_it_expires_without_being_verified() {
    let window = web_sys::window().unwrap();
    let payload = window
        .btoa(r#"{"sub":"alice","iat":1700000000,"exp":1700000900,"aud":"zec-reinstall"}"#)
        .unwrap()
        .replace('=', "")
        .replace('+', "-")
        .replace('/', "_");
    let times = session_times(&format!("eyJhbGciOiJIUzI1NiJ9.{payload}.signature")).unwrap();
    assert_eq!(times.expires_at, 1_700_000_900);
    assert_eq!(times.issued_at, Some(1_700_000_000));
    assert_eq!(session_times("not-a-jwt"), None);
    assert_eq!(session_times("a.!!!.c"), None);
}
