//! The real components mounted in Chromium (wasm-bindgen-test), reading the DOM. The API is
//! a stand-in transport answering from the emulator's fixture: these tests are about the
//! components; the real path (proxy, emulator) is covered by the end-to-end tests.

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use leptos::prelude::*;
use serde_json::{json, Value};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::wasm_bindgen_test;
use web_sys::{HtmlElement, HtmlInputElement};
use zec_api::rules::{self, Field};
use zec_reinstall::api::{ApiClient, Pending, Sent, Transport};
use zec_reinstall::app::{App, AppOptions, Theme};
use zec_reinstall::form::{FormContext, LoginChoice, ReinstallForm};

const FIXTURE: &str = include_str!("../crates/zec-emulator/fixtures/default.json");

/// Answers like the API from the fixture; ResetInstance answers what the test sets, and
/// DescribeInstances reports the status the test sets.
#[derive(Default)]
struct FixtureTransport {
    calls: Mutex<Vec<(String, Value)>>,
    reset_answer: Mutex<Option<(u16, Value)>>,
    /// Instead of an answer the connection breaks; the instance is then in this status
    /// (DEPLOYING: the API carried it out; STOPPED: it did not).
    reset_lost: Mutex<Option<&'static str>>,
    described_status: Mutex<Option<&'static str>>,
}

impl FixtureTransport {
    fn answer(&self, action: &str, body: &Value) -> (u16, Value) {
        let fixture: Value = serde_json::from_str(FIXTURE).unwrap();
        let envelope = |data: Value| {
            let mut response = data;
            response["requestId"] = json!("req-test");
            (200, json!({"requestId": "req-test", "response": response}))
        };
        match action {
            "DescribeInstances" | "DescribeInstancesStatus" => {
                let wanted: Vec<String> =
                    serde_json::from_value(body["instanceIds"].clone()).unwrap_or_default();
                let instances: Vec<Value> = fixture["instances"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .filter(|i| wanted.is_empty() || wanted.iter().any(|w| i["instanceId"] == *w))
                    .cloned()
                    .collect();
                let status = *self.described_status.lock().unwrap();
                let data: Vec<Value> = if action == "DescribeInstances" {
                    instances
                        .into_iter()
                        .map(|mut i| {
                            if let Some(status) = status {
                                i["status"] = json!(status);
                            }
                            i
                        })
                        .collect()
                } else {
                    instances
                        .iter()
                        .map(|i| json!({"instanceId": i["instanceId"], "instanceStatus": status.map_or(i["status"].clone(), |s| json!(s))}))
                        .collect()
                };
                envelope(json!({"totalCount": data.len(), "dataSet": data}))
            }
            "DescribeImages" => envelope(json!({"totalCount": 15, "dataSet": fixture["images"]})),
            "DescribeKeyPairs" => {
                envelope(json!({"totalCount": 4, "dataSet": fixture["keyPairs"]}))
            }
            "DescribeTimeZones" => {
                envelope(json!({"timeZones": ["UTC", "Asia/Singapore", "Europe/Berlin"]}))
            }
            "CreateSnapshot" => envelope(json!({"snapshotId": "snap-test"})),
            "DescribeSnapshots" => {
                let snapshot = json!({"snapshotId": "snap-test", "snapshotName": "before-reinstall-web-01", "zoneId": "asia-southeast-1a",
                    "status": "AVAILABLE", "diskId": "disk-web-01", "createTime": "2026-11-27T08:00:00Z"});
                envelope(json!({"totalCount": 1, "dataSet": [snapshot]}))
            }
            "ResetInstance" => {
                let answer = self.reset_answer.lock().unwrap().clone();
                answer.unwrap_or_else(|| {
                    // Accepted: the instance starts deploying, as the API says.
                    *self.described_status.lock().unwrap() = Some("DEPLOYING");
                    envelope(json!({}))
                })
            }
            _ => (
                403,
                json!({"requestId": "r", "code": "ACTION_NOT_ALLOWED", "message": "no"}),
            ),
        }
    }

    fn calls_of(&self, action: &str) -> usize {
        self.calls
            .lock()
            .unwrap()
            .iter()
            .filter(|(a, _)| a == action)
            .count()
    }
}

impl Transport for FixtureTransport {
    fn post(&self, _path: String, action: &'static str, body: String) -> Pending<Sent> {
        let body: Value = serde_json::from_str(&body).unwrap_or(Value::Null);
        self.calls
            .lock()
            .unwrap()
            .push((action.to_owned(), body.clone()));
        if action == "ResetInstance" {
            if let Some(status) = *self.reset_lost.lock().unwrap() {
                *self.described_status.lock().unwrap() = Some(status);
                return Box::pin(async { Sent::Lost("connection reset".into()) });
            }
        }
        let (status, answer) = self.answer(action, &body);
        Box::pin(async move {
            Sent::Answer {
                status,
                body: answer.to_string(),
            }
        })
    }
}

struct Mounted {
    root: HtmlElement,
    transport: Arc<FixtureTransport>,
}

fn mount(instance_id: Option<&str>) -> Mounted {
    // A submitted reinstall is remembered for the tab; each test starts from a fresh form.
    window()
        .session_storage()
        .unwrap()
        .unwrap()
        .clear()
        .unwrap();
    let transport = Arc::new(FixtureTransport::default());
    let document = document();
    let root: HtmlElement = document.create_element("div").unwrap().unchecked_into();
    document.body().unwrap().append_child(&root).unwrap();
    let options = AppOptions {
        api: ApiClient::with_transport(transport.clone()),
        instance_id: instance_id.map(str::to_owned),
        theme: Theme::Light,
        host: Some(root.clone()),
        deep_link: false,
    };
    let handle = leptos::mount::mount_to(root.clone(), move || view! { <App options=options /> });
    std::mem::forget(handle);
    Mounted { root, transport }
}

impl Mounted {
    fn find(&self, selector: &str) -> Option<HtmlElement> {
        self.root
            .query_selector(selector)
            .unwrap()
            .map(|e| e.unchecked_into())
    }

    fn get(&self, selector: &str) -> HtmlElement {
        self.find(selector)
            .unwrap_or_else(|| panic!("no element {selector}"))
    }

    fn text(&self, selector: &str) -> String {
        self.get(selector).text_content().unwrap_or_default()
    }

    async fn wait_for(&self, selector: &str) -> HtmlElement {
        for _ in 0..500 {
            if let Some(element) = self.find(selector) {
                return element;
            }
            gloo_timers::future::sleep(Duration::from_millis(10)).await;
        }
        panic!("{selector} never appeared");
    }

    /// The input whose label contains `label`.
    fn input_labelled(&self, label: &str) -> HtmlInputElement {
        let labels = self.root.query_selector_all("label").unwrap();
        for i in 0..labels.length() {
            let element: web_sys::Element = labels.item(i).unwrap().unchecked_into();
            if element.text_content().unwrap_or_default().contains(label) {
                let id = element.get_attribute("for").unwrap();
                return self.get(&format!("#{id}")).unchecked_into();
            }
        }
        panic!("no input labelled {label}");
    }

    fn button(&self, text: &str) -> web_sys::HtmlButtonElement {
        let buttons = self.root.query_selector_all("button").unwrap();
        for i in 0..buttons.length() {
            let button: web_sys::HtmlButtonElement = buttons.item(i).unwrap().unchecked_into();
            if button.text_content().unwrap_or_default().contains(text) {
                return button;
            }
        }
        panic!("no button {text}");
    }
}

fn type_into(input: &HtmlInputElement, value: &str) {
    input.set_value(value);
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    input
        .dispatch_event(&web_sys::Event::new_with_event_init_dict("input", &init).unwrap())
        .unwrap();
}

/// The user leaves the field (to somewhere that is not a submit button).
fn leave(input: &HtmlInputElement) {
    let init = web_sys::FocusEventInit::new();
    init.set_bubbles(true);
    let event = web_sys::FocusEvent::new_with_focus_event_init_dict("focusout", &init).unwrap();
    input.dispatch_event(&event).unwrap();
}

/// web-01 logs in with a key pair: switch it to a password first.
async fn use_password(app: &Mounted) {
    app.input_labelled("Password").click();
    settle().await;
}

async fn settle() {
    gloo_timers::future::sleep(Duration::from_millis(30)).await;
}

async fn open_form(instance_id: &str) -> Mounted {
    let mounted = mount(Some(instance_id));
    mounted.wait_for("form.zec-form").await;
    mounted
}

#[wasm_bindgen_test]
async fn rule_messages_appear_when_a_field_is_left_and_clear_as_the_user_types() {
    let app = open_form("ins-web-01").await;
    use_password(&app).await;
    let password = app.input_labelled("New password");
    let message_id = password
        .get_attribute("aria-describedby")
        .unwrap()
        .split(' ')
        .next()
        .unwrap()
        .to_owned();
    assert_eq!(
        app.text(&format!("#{message_id}")),
        "",
        "no message before the field is touched"
    );

    type_into(&password, "abc#");
    settle().await;
    assert_eq!(
        app.text(&format!("#{message_id}")),
        "",
        "no message while typing"
    );
    leave(&password);
    settle().await;
    assert_eq!(
        password.get_attribute("aria-invalid").as_deref(),
        Some("true")
    );
    let message = app.text(&format!("#{message_id}"));
    assert!(
        message.starts_with("“#” is not allowed.") && message.contains("upper-case"),
        "{message}"
    );
    assert_eq!(
        app.root
            .query_selector_all(".zec-rule-met")
            .unwrap()
            .length(),
        1,
        "only 'a lower-case letter' is met"
    );

    password.focus().unwrap();
    type_into(&password, "Abcdef1!");
    settle().await;
    let focused = document().active_element().unwrap();
    assert_eq!(
        focused.id(),
        password.id(),
        "typing keeps the same field (it is not rebuilt)"
    );
    assert!(password.is_connected());
    assert_eq!(
        password.get_attribute("aria-invalid").as_deref(),
        Some("false")
    );
    assert_eq!(app.text(&format!("#{message_id}")), "");
    assert_eq!(
        app.root
            .query_selector_all(".zec-rule-met")
            .unwrap()
            .length(),
        6
    );

    let name = app.input_labelled("Instance name");
    assert_eq!(name.value(), "web-01", "the current name is filled in");
    type_into(&name, "x");
    leave(&name);
    settle().await;
    assert!(app
        .root
        .text_content()
        .unwrap()
        .contains("2–63 characters long"));
    type_into(&name, "web-01.example");
    settle().await;
    assert_eq!(name.get_attribute("aria-invalid").as_deref(), Some("false"));
}

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
async fn generate_fills_a_valid_visible_password() {
    let app = open_form("ins-web-01").await;
    use_password(&app).await;
    app.button("Generate").click();
    settle().await;
    let password = app.input_labelled("New password");
    assert_eq!(
        password.type_(),
        "text",
        "shown after generating, so it can be copied"
    );
    assert!(rules::check_password(&password.value()).is_ok());
    assert_eq!(
        app.root
            .query_selector_all(".zec-rule-met")
            .unwrap()
            .length(),
        6
    );
}

#[wasm_bindgen_test]
async fn windows_images_hide_the_login_section() {
    let app = open_form("ins-win-01").await;
    assert!(app.find("[data-testid=login-none]").is_some());
    assert!(
        app.find("input[autocomplete=new-password]").is_none(),
        "no password field"
    );

    // On Linux, choosing the Generic image hides it too, and shows it again when undone.
    let linux = open_form("ins-web-01").await;
    assert!(linux.find("[data-testid=login-none]").is_none());
    linux
        .get("details.zec-image-list")
        .set_attribute("open", "")
        .unwrap();
    let generic = linux.input_labelled("Generic Linux");
    generic.click();
    settle().await;
    assert!(linux.find("[data-testid=login-none]").is_some());
    linux.input_labelled("Ubuntu 22.04 LTS").click();
    settle().await;
    assert!(
        linux.find("[data-testid=login-none]").is_none(),
        "the login section is back"
    );
}

#[wasm_bindgen_test]
async fn unusable_images_are_folded_away_with_their_reasons() {
    let app = open_form("ins-web-01").await;
    assert!(app
        .text("[data-testid=chosen-image]")
        .contains("Ubuntu 22.04 LTS (current)"));
    let fold = app.text("[data-testid=unavailable-images]");
    assert!(
        fold.contains("Not available for this instance (4)"),
        "{fold}"
    );
    assert!(
        fold.contains(
            "The image needs 80 GiB; the boot disk has 40 GiB. Ubuntu 24.04 with CUDA 12"
        ),
        "{fold}"
    );
    assert!(fold.contains("UNAVAILABLE"), "{fold}");
    assert!(
        app.find("[data-image-id=img-ubuntu-2404-cuda]").is_none(),
        "not offered as a choice"
    );
    assert_eq!(
        app.root
            .query_selector_all("[data-image-id=img-ubuntu-2204]")
            .unwrap()
            .length(),
        1,
        "the current image once"
    );

    let search = app.input_labelled("Search images");
    type_into(&search, "nothing-like-this");
    settle().await;
    assert!(app
        .root
        .text_content()
        .unwrap()
        .contains("No image matches “nothing-like-this”."));
    type_into(&search, "debian");
    settle().await;
    let debian: HtmlElement = app.get("[data-image-id=img-debian-12]");
    assert!(!debian.hidden());
    assert!(app.get("[data-image-id=img-alma-9]").hidden());
}

#[wasm_bindgen_test]
async fn the_submit_button_says_what_is_missing() {
    let app = open_form("ins-web-01").await;
    use_password(&app).await;
    let submit: web_sys::HtmlButtonElement = app.get("button[type=submit]").unchecked_into();
    submit.click();
    settle().await;
    assert_eq!(submit.text_content().unwrap(), "Fix to continue: Password");
    assert!(app.find(".zec-dialog").is_none(), "nothing to confirm yet");
    let active = document().active_element().unwrap();
    assert_eq!(
        active.id(),
        app.input_labelled("New password").id(),
        "focus moves to the first problem"
    );
}

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

/// Fills a valid password, reviews, types the name and confirms.
async fn confirm_password(app: &Mounted) {
    use_password(app).await;
    type_into(&app.input_labelled("New password"), "Abcdef1!");
    settle().await;
    app.get("button[type=submit]").click();
    app.wait_for("dialog[open]").await;
    type_into(&app.input_labelled("to confirm"), "web-01");
    settle().await;
    app.button("Erase disk and reinstall").click();
}

async fn submit_with_answer(status: u16, answer: Value) -> Mounted {
    let app = open_form("ins-web-01").await;
    *app.transport.reset_answer.lock().unwrap() = Some((status, answer));
    use_password(&app).await;
    type_into(&app.input_labelled("New password"), "Abcdef1!");
    settle().await;
    app.get("button[type=submit]").click();
    app.wait_for(".zec-dialog").await;
    type_into(&app.input_labelled("to confirm"), "web-01");
    settle().await;
    app.button("Erase disk and reinstall").click();
    for _ in 0..300 {
        if app.find(".zec-dialog").is_none() {
            break;
        }
        settle().await;
    }
    // The snapshot is taken first; the answer to the reinstall brings the form back.
    app.wait_for("form.zec-form").await;
    app
}

#[wasm_bindgen_test]
async fn a_failed_call_shows_its_code_on_the_right_field() {
    let app = submit_with_answer(
        400,
        json!({"requestId": "req-agent", "code": "INVALID_IMAGE_AGENT_NOT_SUPPORT", "message": "QGA is not supported for the selected image."}),
    )
    .await;
    let agent = app.input_labelled("Enable the QGA agent");
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
        .contains("Ubuntu 22.04 LTS has no QGA agent"));

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
        .contains("the instance is RUNNING"));
    app.button("Power off…").click();
    let dialog = app.wait_for("dialog[open]").await;
    assert!(dialog
        .text_content()
        .unwrap()
        .contains("web-02 is RUNNING: powering it off stops its services"));
    let force = app.input_labelled("Force power-off");
    assert!(!force.checked(), "force is off by default");
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

#[wasm_bindgen_test]
async fn escape_in_the_image_search_keeps_the_panel_and_the_text() {
    let app = open_form("ins-web-01").await;
    let search = app.input_labelled("Search images");
    search.focus().unwrap();
    type_into(&search, "debian");
    let init = web_sys::KeyboardEventInit::new();
    init.set_key("Escape");
    init.set_bubbles(true);
    init.set_cancelable(true);
    let escape =
        web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    search.dispatch_event(&escape).unwrap();
    settle().await;
    assert!(
        escape.default_prevented(),
        "the search box does not clear itself"
    );
    assert!(app.find("form.zec-form").is_some(), "the panel stays");
    assert_eq!(app.input_labelled("Search images").value(), "debian");
    assert!(
        app.find("button.zec-back").is_none(),
        "a widget for one instance has no way to the list"
    );
}

#[wasm_bindgen_test]
async fn the_list_shows_instances_with_status_and_opens_the_panel() {
    let app = mount(None);
    app.wait_for("tr[data-instance-id=ins-web-01]").await;
    assert_eq!(
        app.root.query_selector_all("tbody tr").unwrap().length(),
        10
    );
    assert!(app
        .text("tr[data-instance-id=ins-edge-01]")
        .contains("REINSTALL_FAILED"));
    app.button("Reinstall").click();
    app.wait_for("form.zec-form").await;
    assert!(app.text("h2").contains("Reinstall web-01"));
}

// ---- the form as data ------------------------------------------------------------------------

fn fixture_parts() -> (
    Vec<zec_api::wire::InstanceInfo>,
    Vec<zec_api::wire::Image>,
    Vec<zec_api::wire::KeyPair>,
) {
    let fixture: Value = serde_json::from_str(FIXTURE).unwrap();
    (
        serde_json::from_value(fixture["instances"].clone()).unwrap(),
        serde_json::from_value(fixture["images"].clone()).unwrap(),
        serde_json::from_value(fixture["keyPairs"].clone()).unwrap(),
    )
}

#[wasm_bindgen_test]
fn the_form_sends_exactly_what_the_api_expects() {
    let (instances, images, keys) = fixture_parts();
    let web = instances
        .iter()
        .find(|i| i.instance_id == "ins-web-01")
        .unwrap();
    let context = FormContext {
        instance: web,
        images: &images,
        key_pairs: &keys,
        time_zones: None,
        images_without_agent: None,
    };
    let form = ReinstallForm {
        login: LoginChoice::KeyPair,
        key_id: Some("key-ci".into()),
        password: "left over".into(),
        instance_name: "  ".into(),
        ..ReinstallForm::default()
    };
    let options = form.to_options(&context);
    assert_eq!(options.key_id.as_deref(), Some("key-ci"));
    assert_eq!(
        options.password, None,
        "the unused login method is not sent"
    );
    assert_eq!(options.instance_name, None, "blank keeps the current name");
    assert!(form.violations(&context).is_empty());

    let windows = ReinstallForm {
        image_id: Some("img-generic-linux".into()),
        password: "Abcdef1!".into(),
        ..ReinstallForm::default()
    };
    let options = windows.to_options(&context);
    assert_eq!(
        (options.password, options.key_id),
        (None, None),
        "Generic images get neither"
    );

    let no_key = ReinstallForm {
        login: LoginChoice::KeyPair,
        ..ReinstallForm::default()
    };
    let violations: HashMap<Field, _> = no_key.violations(&context);
    assert_eq!(
        violations[&Field::Login].code(),
        zec_api::ErrorCode::InvalidLoginSettingConflict
    );
}
