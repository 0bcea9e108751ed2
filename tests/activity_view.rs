//! The activity list mounted in Chromium: the panel shows its instance's history (and asks
//! for that instance only), entries read as sentences, "Show older" brings the next page and
//! puts the focus on its first entry. The history is the stand-in transport's.

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

mod support;

use serde_json::{json, Value};
use support::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::wasm_bindgen_test;

/// Entry `id`: alice's reinstall of `instance` from Ubuntu to Debian, RUNNING after 130 s.
fn reinstalled(id: u32, instance: &str) -> Value {
    json!({
        "id": id.to_string(), "startedAt": 1_795_910_231_368_i64 + i64::from(id) * 60_000,
        "actor": "alice", "client": "192.0.2.7", "action": "ResetInstance",
        "instances": [{"instanceId": instance, "imageNameBefore": "Ubuntu 22.04 LTS",
                       "imageNameAfter": "Debian 12", "finalState": "RUNNING"}],
        "plan": {"imageId": "img-debian-12", "login": "password"},
        "outcome": "accepted", "answerLost": false, "requestId": format!("req-{id}"),
        "finalState": "RUNNING", "endedAt": 1_795_910_361_618_i64 + i64::from(id) * 60_000,
        "durationMs": 130_250
    })
}

fn refused(id: u32, instance: &str) -> Value {
    json!({
        "id": id.to_string(), "startedAt": 1_795_910_231_368_i64 + i64::from(id) * 60_000,
        "actor": "bob", "client": "192.0.2.8", "action": "ResetInstance",
        "instances": [{"instanceId": instance}], "plan": {"imageId": "img-debian-12"},
        "outcome": "refused", "answerLost": false, "code": "RESOURCE_PROTECTED",
        "refusedBy": "proxy", "requestId": format!("req-{id}"),
        "endedAt": 1_795_910_231_368_i64 + i64::from(id) * 60_000, "durationMs": 0
    })
}

fn entries(app: &Mounted) -> Vec<web_sys::HtmlElement> {
    let found = app
        .root
        .query_selector_all("[data-testid=activity] [data-testid=activity-entry]")
        .unwrap();
    (0..found.length())
        .map(|i| found.item(i).unwrap().unchecked_into())
        .collect()
}

async fn until(what: &str, mut ready: impl FnMut() -> bool) {
    for _ in 0..300 {
        if ready() {
            return;
        }
        settle().await;
    }
    panic!("{what} never happened");
}

#[wasm_bindgen_test]
async fn the_panel_shows_its_instances_entries_newest_first_as_sentences() {
    let app = mount(Some("ins-web-01"));
    *app.transport.activity.lock().unwrap() = vec![
        refused(3, "ins-web-01"),
        reinstalled(2, "ins-db-01"),
        reinstalled(1, "ins-web-01"),
    ];
    until("two entries", || entries(&app).len() == 2).await;
    let shown: Vec<String> = entries(&app)
        .iter()
        .map(|entry| entry.text_content().unwrap())
        .collect();
    assert!(
        shown[0].contains(
            "Reinstall by bob · → Debian 12 · Refused by the proxy: RESOURCE_PROTECTED · request id req-3"
        ),
        "{shown:?}"
    );
    assert!(
        shown[1].contains(
            "Reinstalled by alice · Ubuntu 22.04 LTS → Debian 12 · RUNNING after 2 min 10 s · request id req-1"
        ),
        "{shown:?}"
    );
    assert!(
        shown[1].contains("password login · from 192.0.2.7"),
        "{shown:?}"
    );
    // A list named by its heading, which names the instance (two panels may share a page).
    let list = app.get("[data-testid=activity] ol");
    let heading = app.get(&format!(
        "#{}",
        list.get_attribute("aria-labelledby").unwrap()
    ));
    assert_eq!(heading.text_content().unwrap(), "Activity of web-01");
    // The time for people, and the exact instant for machines.
    let time = app.get("[data-testid=activity-entry] time");
    assert_eq!(
        time.get_attribute("datetime").as_deref(),
        Some("2026-11-29T00:00:11Z")
    );
    // Shown by the browser's Intl, with the date, in the user's time zone and language.
    let text = time.text_content().unwrap();
    let instant = js_sys::Date::parse("2026-11-29T00:00:11Z");
    assert_eq!(text, zec_reinstall::i18n::date_time_ms(instant));
    assert!(text.contains("2026"), "with its date: {text}");
    // It asked for this instance only.
    let gets = app.transport.gets();
    assert!(!gets.is_empty());
    assert!(
        gets.iter()
            .all(|path| path.contains("instanceId=ins-web-01")),
        "{gets:?}"
    );
}

#[wasm_bindgen_test]
async fn show_older_brings_the_next_page_and_the_focus_goes_to_its_first_entry() {
    let app = mount(Some("ins-web-01"));
    *app.transport.activity.lock().unwrap() = (1..=23)
        .rev()
        .map(|id| reinstalled(id, "ins-web-01"))
        .collect();
    until("a first page", || entries(&app).len() == 20).await;
    assert!(app.text("[data-testid=activity-entry]").contains("req-23"));
    let older = app.button("Show older");
    older.focus().unwrap();
    older.click();
    until("the next page", || entries(&app).len() == 23).await;
    // The focus is on the first entry the page brought (not lost with the button).
    until("the focus on entry 3", || {
        document().active_element().is_some_and(|element| {
            element.get_attribute("data-testid").as_deref() == Some("activity-entry")
                && element.text_content().unwrap().contains("request id req-3")
        })
    })
    .await;
    let buttons = app.root.query_selector_all("button").unwrap();
    let last_page = (0..buttons.length())
        .filter_map(|i| buttons.item(i))
        .all(|button| button.text_content().unwrap() != "Show older");
    assert!(last_page, "the start of the history: no more Show older");
    let cursors = app.transport.gets();
    assert!(
        cursors.iter().any(|path| path.contains("cursor=c20")),
        "{cursors:?}"
    );
}

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}
