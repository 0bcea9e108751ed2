//! The form mounted in Chromium, read through the DOM: messages appear when a field is
//! left, the generator, the login section, the image picker, the submit button, Escape, the
//! list. The API is a stand-in answering from the emulator's fixture.

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

mod support;

use leptos::prelude::*;
use support::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::wasm_bindgen_test;
use web_sys::HtmlElement;
use zec_api::rules;

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
    // A status in plain words; the API's code is the badge's detail.
    let badge = app.get("tr[data-instance-id=ins-edge-01] .zec-badge");
    assert_eq!(badge.text_content().as_deref(), Some("Reinstall failed"));
    assert_eq!(
        badge.get_attribute("title").as_deref(),
        Some("REINSTALL_FAILED")
    );
    // The status filter says its statuses in the same words; it filters by the code.
    let option = app.get("option[value=REINSTALL_FAILED]");
    assert_eq!(option.text_content().as_deref(), Some("Reinstall failed"));
    // Narrow screens stack the cells: each says what it is.
    let zone = app.get("tr[data-instance-id=ins-edge-01] td[data-label=Zone]");
    assert!(!zone.text_content().unwrap().is_empty());
    app.button("Reinstall").click();
    app.wait_for("form.zec-form").await;
    assert!(app.text("h2").contains("Reinstall web-01"));
}
