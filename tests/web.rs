//! The real components mounted in Chromium, driven through the DOM from the form to the
//! API and back: confirm, refusals on their field or in a banner, power-off, a lost answer.
//! The API is a stand-in transport answering from the emulator's fixture: these tests are
//! about the components; the real path (proxy, emulator) is covered by the end-to-end tests.

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

mod support;

use leptos::prelude::document;
use serde_json::json;
use support::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::wasm_bindgen_test;

#[wasm_bindgen_test]
async fn the_confirm_button_stays_disabled_until_the_name_is_typed() {
    let app = open_form("ins-web-01").await;
    use_password(&app).await;
    type_into(&app.input_labelled("New password"), "Abcdef1!");
    settle().await;
    app.get("button[type=submit]").click();
    let dialog = app.wait_for(".zec-dialog").await;
    assert!(dialog.text_content().unwrap().contains(
        "The boot disk of web-01 (40 GiB) will be erased and Ubuntu 22.04 LTS installed."
    ));
    let confirm = app.button("Erase disk and reinstall");
    assert!(confirm.disabled());
    let typed = app.input_labelled("to confirm");
    type_into(&typed, "web-0");
    settle().await;
    assert!(confirm.disabled());
    type_into(&typed, "web-01");
    settle().await;
    assert!(!confirm.disabled());
    assert_eq!(
        app.transport.calls_of("ResetInstance"),
        0,
        "nothing sent before the final click"
    );
    confirm.click();
    app.wait_for("[data-testid=live-status]").await;
    assert_eq!(app.transport.calls_of("ResetInstance"), 1);
    let sent = app
        .transport
        .calls
        .lock()
        .unwrap()
        .iter()
        .find(|(a, _)| a == "ResetInstance")
        .unwrap()
        .1
        .clone();
    assert_eq!(
        sent,
        json!({"instanceId": "ins-web-01", "password": "Abcdef1!", "enableAgent": false})
    );
}

#[wasm_bindgen_test]
async fn a_failed_call_shows_its_code_on_the_right_field() {
    let app = submit_with_answer(
        400,
        json!({"requestId": "req-agent", "code": "INVALID_IMAGE_AGENT_NOT_SUPPORT", "message": "QGA is not supported for the selected image."}),
    )
    .await;
    let agent = app.input_labelled("Enable the QEMU guest agent (QGA)");
    assert_eq!(
        agent.get_attribute("aria-invalid").as_deref(),
        Some("true"),
        "{}",
        agent.outer_html()
    );
    let described = agent.get_attribute("aria-describedby").unwrap();
    let (message_id, reason_id) = described.split_once(' ').unwrap();
    assert!(app
        .text(&format!("#{message_id}"))
        .contains("INVALID_IMAGE_AGENT_NOT_SUPPORT"));
    assert!(
        app.find(".zec-banner-error").is_none(),
        "a field error is not a banner"
    );
    // The image is remembered as having no agent: the box is disabled with the reason.
    assert!(agent.disabled());
    assert!(app
        .text(&format!("#{reason_id}"))
        .contains("Ubuntu 22.04 LTS has no QEMU guest agent (QGA)"));

    let password_error = submit_with_answer(400, json!({"requestId": "r", "code": "INVALID_PASSWORD_MALFORMED", "message": "Password format error."})).await;
    let password = password_error.input_labelled("New password");
    assert_eq!(
        password.get_attribute("aria-invalid").as_deref(),
        Some("true")
    );
    // Changing the field clears the server's message.
    type_into(&password, "Abcdef1!x");
    settle().await;
    assert_eq!(
        password.get_attribute("aria-invalid").as_deref(),
        Some("false")
    );
}

#[wasm_bindgen_test]
async fn other_errors_show_a_banner_with_the_request_id() {
    let app = submit_with_answer(
        500,
        json!({"requestId": "req-5xx-42", "code": "INTERNAL_SERVER_ERROR", "message": "boom"}),
    )
    .await;
    let banner = app.wait_for(".zec-banner-error").await;
    let text = banner.text_content().unwrap();
    assert!(
        text.contains("INTERNAL_SERVER_ERROR") && text.contains("req-5xx-42"),
        "{text}"
    );
    assert!(
        app.find("form.zec-form").is_some(),
        "the form stays, nothing looks like success"
    );
}

#[wasm_bindgen_test]
async fn a_running_instance_offers_power_off_after_asking() {
    let app = open_form("ins-web-02").await;
    let submit: web_sys::HtmlButtonElement = app.get("button[type=submit]").unchecked_into();
    assert!(submit.disabled());
    assert!(submit
        .text_content()
        .unwrap()
        .contains("Power off the instance"));
    assert!(app
        .root
        .text_content()
        .unwrap()
        .contains("while the status is Running"));
    assert_no_controls_in_live_regions(&app);
    app.button("Power off…").click();
    let dialog = app.wait_for("dialog[open]").await;
    assert!(dialog
        .text_content()
        .unwrap()
        .contains("Powering web-02 off stops its services"));
    let force = app.input_labelled("Force power-off");
    assert!(!force.checked(), "force is off by default");
    settle().await;
    let focused = document().active_element().unwrap();
    assert_eq!(
        focused.text_content().as_deref(),
        Some("Cancel"),
        "the first focus is Cancel, one key away from nothing dangerous"
    );
    assert_eq!(
        app.transport.calls_of("StopInstances"),
        0,
        "nothing sent before the dialog's button"
    );
    app.button("Cancel").click();
    settle().await;
    assert!(app.find("dialog[open]").is_none());
    assert_eq!(app.transport.calls_of("StopInstances"), 0);
}

#[wasm_bindgen_test]
async fn a_lost_answer_is_resolved_by_asking_and_never_sent_again() {
    let app = open_form("ins-web-01").await;
    *app.transport.reset_lost.lock().unwrap() = Some("STOPPED");
    confirm_password(&app).await;
    let notice = app.wait_for("[data-testid=not-started]").await;
    assert!(notice.text_content().unwrap().contains("did not start"));
    assert_eq!(app.transport.calls_of("ResetInstance"), 1);
    assert!(
        app.transport.calls_of("DescribeInstances") >= 2,
        "the API was asked"
    );
    assert!(
        app.find("form.zec-form").is_none(),
        "no form to resend from"
    );
    app.button("Review again").click();
    let dialog = app.wait_for("dialog[open]").await;
    assert!(dialog
        .text_content()
        .unwrap()
        .contains("Ubuntu 22.04 LTS installed"));
    assert_eq!(
        app.transport.calls_of("ResetInstance"),
        1,
        "reopening the dialog sends nothing"
    );

    // The same loss, but the API says the reinstall runs: the live view follows it.
    let running = open_form("ins-web-01").await;
    *running.transport.reset_lost.lock().unwrap() = Some("DEPLOYING");
    confirm_password(&running).await;
    running.wait_for("[data-testid=live-status]").await;
    assert_eq!(running.transport.calls_of("ResetInstance"), 1);
}

/// No live region holds a control: an announcement reads its sentence, not "…Power off…".
fn assert_no_controls_in_live_regions(app: &Mounted) {
    let regions = app
        .root
        .query_selector_all("[role=status], [role=alert], [aria-live]")
        .unwrap();
    for i in 0..regions.length() {
        let region: web_sys::Element = regions.item(i).unwrap().unchecked_into();
        assert!(
            region
                .query_selector("button, input, select, a")
                .unwrap()
                .is_none(),
            "a control inside a live region: {}",
            region.outer_html()
        );
    }
}

#[wasm_bindgen_test]
async fn a_refusal_is_said_in_plain_words_with_its_code_as_a_detail() {
    let app = submit_with_answer(
        400,
        json!({"requestId": "req-status", "code": "UNSUPPORTED_OPERATION_INSTANCE_STATUS", "message": "status"}),
    )
    .await;
    let message = app.wait_for(".zec-banner-error .zec-banner-message").await;
    let text = message.text_content().unwrap();
    assert!(
        text.starts_with("The instance is not in a state that allows this operation"),
        "{text}"
    );
    assert!(
        !text.contains("UNSUPPORTED_OPERATION_INSTANCE_STATUS"),
        "{text}"
    );
    assert!(app
        .text(".zec-banner-error .zec-detail")
        .contains("UNSUPPORTED_OPERATION_INSTANCE_STATUS"));
    assert_no_controls_in_live_regions(&app);
    assert!(
        app.transport.calls_of("DescribeInstances") >= 2,
        "the instance is read again to show what it is now"
    );
}
