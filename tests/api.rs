//! What only the browser can test without the DOM: answers read through the browser's own
//! JSON parser, and the browser's crypto RNG behind the password generator.

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

use wasm_bindgen_test::wasm_bindgen_test;
use zec_api::rules;
use zec_api::wire::{Empty, FailedInstances};
use zec_api::{Action, ErrorCode};
use zec_reinstall::api::{read_answer, Sent};

#[wasm_bindgen_test]
fn the_browser_generator_passes_the_rules_1000_times() {
    let mut seen = std::collections::HashSet::new();
    for _ in 0..1000 {
        let password = zec_reinstall::browser::generate_password();
        assert!(rules::check_password(&password).is_ok(), "{password}");
        seen.insert(password);
    }
    assert_eq!(
        seen.len(),
        1000,
        "the crypto RNG gives a new password every time"
    );
}

#[wasm_bindgen_test]
fn answers_are_read_as_refusals_successes_or_unknown_outcomes() {
    let answer = |status: u16, body: &str| Sent::Answer {
        status,
        body: body.into(),
    };
    let ok: Result<(Empty, String), _> =
        read_answer(Action::ResetInstance, answer(200, r#"{"requestId":"r-1"}"#));
    assert_eq!(ok.unwrap().1, "r-1", "a requestId alone is a success");
    let ok: Result<(Empty, String), _> = read_answer(
        Action::ResetInstance,
        answer(200, r#"{"requestId":"r-2","response":{"requestId":"r-2"}}"#),
    );
    assert_eq!(ok.unwrap().1, "r-2");

    let unknown = |sent: Sent| {
        let result: Result<(Empty, String), _> = read_answer(Action::ResetInstance, sent);
        result.unwrap_err().outcome_unknown()
    };
    assert!(
        unknown(answer(200, "<html>ok</html>")),
        "a 200 that cannot be read"
    );
    assert!(
        unknown(answer(502, "<html>Bad Gateway</html>")),
        "a 5xx without an API code"
    );
    assert!(unknown(Sent::Lost("timeout".into())));
    assert!(!unknown(Sent::NotSent("bad header".into())));
    assert!(
        !unknown(answer(403, "Forbidden")),
        "a server in between refused it"
    );
    assert!(!unknown(answer(
        500,
        r#"{"requestId":"r","code":"INTERNAL_SERVER_ERROR","message":"x"}"#
    )));

    let stop: Result<(FailedInstances, String), _> = read_answer(
        Action::StopInstances,
        answer(
            400,
            r#"{"requestId":"r-3","code":"SOMETHING_NEW","message":"java.lang.NullPointerException\n\tat com.example"}"#,
        ),
    );
    let error = stop.unwrap_err();
    assert_eq!(
        error.code(),
        Some(&ErrorCode::Other("SOMETHING_NEW".into()))
    );
    assert_eq!(error.request_id(), Some("r-3"));
    assert_eq!(
        error.message(),
        "The server refused the request.",
        "never a stack trace"
    );
}

#[wasm_bindgen_test]
fn a_success_is_read_from_its_response_object() {
    let answer = |body: &str| Sent::Answer {
        status: 200,
        body: body.into(),
    };
    let read = |body: &str| -> Result<(FailedInstances, String), _> {
        read_answer(Action::StopInstances, answer(body))
    };
    let (failed, request_id) = read(
        r#"{"requestId":"r-4","response":{"requestId":"r-4","instanceIds":["ins-1"],"extra":1}}"#,
    )
    .unwrap();
    assert_eq!(failed.instance_ids, vec!["ins-1".to_owned()]);
    assert_eq!(request_id, "r-4", "the envelope's requestId");
    let (failed, _) = read(r#"{"requestId":"r-5","response":null}"#).unwrap();
    assert!(failed.instance_ids.is_empty(), "no response: no fields");

    for body in [
        r#"{"requestId":"r-6","response":"done"}"#,
        r#"{"requestId":7,"response":{}}"#,
        r#"{"requestId":"r-8","response":{"instanceIds":"ins-1"}}"#,
        r#"["r-9"]"#,
        "null",
    ] {
        let error = read(body).unwrap_err();
        assert!(
            error.outcome_unknown(),
            "{body}: unreadable, may have acted"
        );
    }
}

/// What `www/boot.js` hands `start_console`: a question and the promise of its answer.
fn asked_by_the_page(action: &str, body: &str) -> wasm_bindgen::JsValue {
    let asked = js_sys::Object::new();
    let answer = js_sys::Object::new();
    let set = |on: &js_sys::Object, key: &str, value: wasm_bindgen::JsValue| {
        js_sys::Reflect::set(on, &key.into(), &value).unwrap();
    };
    set(&answer, "status", 200.into());
    set(
        &answer,
        "body",
        r#"{"requestId":"early","response":{"totalCount":0,"dataSet":[]}}"#.into(),
    );
    set(&asked, "url", "/api/v2/zec".into());
    set(&asked, "action", action.into());
    set(&asked, "body", body.into());
    set(
        &asked,
        "answer",
        js_sys::Promise::resolve(&wasm_bindgen::JsValue::from(answer)).into(),
    );
    asked.into()
}

fn outgoing(action: &'static str, body: &str) -> zec_reinstall::api::Outgoing {
    zec_reinstall::api::Outgoing {
        url: "/api/v2/zec".into(),
        action: Some(action),
        body: Some(body.into()),
        authorization: None,
    }
}

#[wasm_bindgen_test]
async fn the_pages_early_answer_is_taken_once_by_the_same_read_and_never_for_a_write() {
    use zec_reinstall::api::first;
    let list = r#"{"pageSize":10,"pageNum":1}"#;

    // A write asked ahead by the page is never answered from it: it goes to the network.
    first::remember(&asked_by_the_page("ResetInstance", "{}"));
    assert_eq!(first::answer(&outgoing("ResetInstance", "{}")).await, None);

    first::remember(&asked_by_the_page("DescribeInstances", list));
    // Another question, or the same one with credentials, is not this answer.
    assert_eq!(
        first::answer(&outgoing(
            "DescribeInstances",
            r#"{"pageSize":10,"pageNum":2}"#
        ))
        .await,
        None
    );
    let mut with_session = outgoing("DescribeInstances", list);
    with_session.authorization = Some("Bearer s".into());
    assert_eq!(first::answer(&with_session).await, None);
    // The same read takes it, once.
    let taken = first::answer(&outgoing("DescribeInstances", list)).await;
    assert!(
        matches!(taken, Some(Sent::Answer { status: 200, ref body }) if body.contains("early")),
        "{taken:?}"
    );
    assert_eq!(
        first::answer(&outgoing("DescribeInstances", list)).await,
        None
    );
}
