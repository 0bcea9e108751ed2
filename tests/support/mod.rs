//! The harness of the component tests: the real app mounted in Chromium on a stand-in
//! transport that answers from the emulator's fixture, and the user's gestures.
#![allow(dead_code)]

use std::sync::{Arc, Mutex};
use std::time::Duration;

use leptos::prelude::*;
use serde_json::{json, Value};
use wasm_bindgen::JsCast;
use web_sys::{HtmlElement, HtmlInputElement};
use zec_reinstall::api::{ApiClient, Outgoing, Pending, Sent, Transport};
use zec_reinstall::app::{App, AppOptions, Controls, Theme};

const FIXTURE: &str = include_str!("../../crates/zec-emulator/fixtures/default.json");

/// Answers like the API from the fixture; ResetInstance answers what the test sets, and
/// DescribeInstances reports the status the test sets.
#[derive(Default)]
pub struct FixtureTransport {
    pub calls: Mutex<Vec<(String, Value)>>,
    pub reset_answer: Mutex<Option<(u16, Value)>>,
    /// Instead of an answer the connection breaks; the instance is then in this status
    /// (DEPLOYING: the API carried it out; STOPPED: it did not).
    pub reset_lost: Mutex<Option<&'static str>>,
    pub described_status: Mutex<Option<&'static str>>,
    /// The activity history the proxy would answer, newest first (entries as JSON).
    pub activity: Mutex<Vec<Value>>,
}

impl FixtureTransport {
    pub fn answer(&self, action: &str, body: &Value) -> (u16, Value) {
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

    /// A page of `activity` as `GET /api/v2/zec/activity` answers it: filtered by
    /// `instanceId`, `limit` entries from the cursor (`c<index>`).
    pub fn activity_page(&self, path: &str) -> Value {
        let query = path.split_once('?').map_or("", |(_, query)| query);
        let param = |name: &str| {
            query
                .split('&')
                .find_map(|pair| pair.strip_prefix(&format!("{name}=")))
                .map(str::to_owned)
        };
        let limit: usize = param("limit").and_then(|l| l.parse().ok()).unwrap_or(50);
        let start: usize = param("cursor")
            .and_then(|c| c.strip_prefix('c')?.parse().ok())
            .unwrap_or(0);
        let instance = param("instanceId");
        let entries: Vec<Value> = self
            .activity
            .lock()
            .unwrap()
            .iter()
            .filter(|entry| {
                instance.as_ref().is_none_or(|id| {
                    entry["instances"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .any(|i| i["instanceId"] == id.as_str())
                })
            })
            .cloned()
            .collect();
        let end = (start + limit).min(entries.len());
        let next = (end < entries.len()).then(|| format!("c{end}"));
        json!({"entries": entries[start.min(end)..end], "nextCursor": next})
    }

    /// The paths of the GETs sent so far.
    pub fn gets(&self) -> Vec<String> {
        self.calls
            .lock()
            .unwrap()
            .iter()
            .filter(|(method, _)| method == "GET")
            .map(|(_, path)| path.as_str().unwrap().to_owned())
            .collect()
    }

    pub fn calls_of(&self, action: &str) -> usize {
        self.calls
            .lock()
            .unwrap()
            .iter()
            .filter(|(a, _)| a == action)
            .count()
    }
}

impl Transport for FixtureTransport {
    fn send(&self, request: Outgoing) -> Pending<Sent> {
        let Some(action) = request.action else {
            return self.get(request.url);
        };
        let body: Value =
            serde_json::from_str(request.body.as_deref().unwrap_or("")).unwrap_or(Value::Null);
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

impl FixtureTransport {
    /// The proxy's own GETs: the activity history is answered from the fixture's entries;
    /// the others (protection policy, grant) are not, so the defaults stay.
    fn get(&self, path: String) -> Pending<Sent> {
        if !path.starts_with(zec_api::activity::ACTIVITY_PATH) {
            return Box::pin(async {
                Sent::Answer {
                    status: 404,
                    body: String::new(),
                }
            });
        }
        self.calls
            .lock()
            .unwrap()
            .push(("GET".to_owned(), json!(path)));
        let page = self.activity_page(&path);
        Box::pin(async move {
            Sent::Answer {
                status: 200,
                body: page.to_string(),
            }
        })
    }
}

pub struct Mounted {
    pub root: HtmlElement,
    pub transport: Arc<FixtureTransport>,
}

thread_local! {
    /// The app the running test mounted last.
    static MOUNTED: std::cell::RefCell<Option<Box<dyn std::any::Any>>> = const { std::cell::RefCell::new(None) };
}

pub fn mount(instance_id: Option<&str>) -> Mounted {
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
        controls: Controls::new(Theme::Light, instance_id.map(str::to_owned)),
        host: Some(root.clone()),
        deep_link: false,
    };
    let handle = leptos::mount::mount_to(root.clone(), move || view! { <App options=options /> });
    // The app of the test before goes: its panel would otherwise still speak to this one
    // (the other tabs' channel reaches every app of the page).
    MOUNTED.with(|mounted| {
        mounted.borrow_mut().take();
        *mounted.borrow_mut() = Some(Box::new(handle));
    });
    Mounted { root, transport }
}

impl Mounted {
    pub fn find(&self, selector: &str) -> Option<HtmlElement> {
        self.root
            .query_selector(selector)
            .unwrap()
            .map(|e| e.unchecked_into())
    }

    pub fn get(&self, selector: &str) -> HtmlElement {
        self.find(selector)
            .unwrap_or_else(|| panic!("no element {selector}"))
    }

    pub fn text(&self, selector: &str) -> String {
        self.get(selector).text_content().unwrap_or_default()
    }

    pub async fn wait_for(&self, selector: &str) -> HtmlElement {
        for _ in 0..500 {
            if let Some(element) = self.find(selector) {
                return element;
            }
            gloo_timers::future::sleep(Duration::from_millis(10)).await;
        }
        panic!("{selector} never appeared");
    }

    /// The input whose label contains `label`.
    pub fn input_labelled(&self, label: &str) -> HtmlInputElement {
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

    pub fn button(&self, text: &str) -> web_sys::HtmlButtonElement {
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

pub fn type_into(input: &HtmlInputElement, value: &str) {
    input.set_value(value);
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    input
        .dispatch_event(&web_sys::Event::new_with_event_init_dict("input", &init).unwrap())
        .unwrap();
}

/// The user leaves the field (to somewhere that is not a submit button).
pub fn leave(input: &HtmlInputElement) {
    let init = web_sys::FocusEventInit::new();
    init.set_bubbles(true);
    let event = web_sys::FocusEvent::new_with_focus_event_init_dict("focusout", &init).unwrap();
    input.dispatch_event(&event).unwrap();
}

/// web-01 logs in with a key pair: switch it to a password first.
pub async fn use_password(app: &Mounted) {
    app.input_labelled("Password").click();
    settle().await;
}

pub async fn settle() {
    gloo_timers::future::sleep(Duration::from_millis(30)).await;
}

pub async fn open_form(instance_id: &str) -> Mounted {
    let mounted = mount(Some(instance_id));
    mounted.wait_for("form.zec-form").await;
    mounted
}

/// Fills a valid password, reviews, types the name and confirms.
pub async fn confirm_password(app: &Mounted) {
    use_password(app).await;
    type_into(&app.input_labelled("New password"), "Abcdef1!");
    settle().await;
    app.get("button[type=submit]").click();
    app.wait_for("dialog[open]").await;
    type_into(&app.input_labelled("to confirm"), "web-01");
    settle().await;
    app.button("Erase disk and reinstall").click();
}

pub async fn submit_with_answer(status: u16, answer: Value) -> Mounted {
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
