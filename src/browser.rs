//! Small wrappers over browser facilities: the crypto RNG, sessionStorage for resuming a
//! running reinstall and keeping a confirmed plan, the clipboard, the `online` event, and DOM
//! events for the embedding page.

use leptos::prelude::on_cleanup;
use send_wrapper::SendWrapper;
use serde::Serialize;
use wasm_bindgen::prelude::*;
use web_sys::HtmlElement;
use zec_console::active::ActiveReinstall;
use zec_console::session::KeptPlan;

/// A password from the browser's cryptographic RNG that satisfies the API's rules.
pub fn generate_password() -> String {
    let crypto = web_sys::window()
        .and_then(|window| window.crypto().ok())
        .expect("the browser has crypto");
    let mut buffer = [0u8; 64];
    let mut used = buffer.len();
    zec_api::rules::generate_password(|| {
        if used == buffer.len() {
            crypto
                .get_random_values_with_u8_array(&mut buffer)
                .expect("getRandomValues works");
            used = 0;
        }
        used += 1;
        buffer[used - 1]
    })
}

fn storage_key(instance_id: &str) -> String {
    format!("zec-reinstall.active.{instance_id}")
}

fn session_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok()?
}

pub fn save_active(active: &ActiveReinstall) {
    if let (Some(storage), Ok(json)) = (session_storage(), crate::json::to_string(active)) {
        let _ = storage.set_item(&storage_key(&active.instance_id), &json);
    }
}

pub fn load_active(instance_id: &str) -> Option<ActiveReinstall> {
    let json = session_storage()?
        .get_item(&storage_key(instance_id))
        .ok()??;
    crate::json::from_str(&json)
}

pub fn clear_active(instance_id: &str) {
    if let Some(storage) = session_storage() {
        let _ = storage.remove_item(&storage_key(instance_id));
    }
}

/// Keeps `value` for the tab under `key` (never a password: the callers' types hold none),
/// or forgets it (`None`).
fn keep<T: Serialize>(key: &str, value: Option<&T>) {
    let Some(storage) = session_storage() else {
        return;
    };
    match value.map(crate::json::to_string) {
        Some(Ok(json)) => {
            let _ = storage.set_item(key, &json);
        }
        Some(Err(_)) => {}
        None => {
            let _ = storage.remove_item(key);
        }
    }
}

fn kept<T: serde::de::DeserializeOwned>(key: &str) -> Option<T> {
    let json = session_storage()?.get_item(key).ok()??;
    crate::json::from_str(&json)
}

/// The fleet's confirmed batch, kept for the tab (never with its password).
const FLEET_KEY: &str = "zec-reinstall.fleet";

/// Keeps the batch for a reload, or forgets it (`None`).
pub fn keep_fleet(batch: Option<&zec_console::fleet::kept::KeptBatch>) {
    keep(FLEET_KEY, batch);
}

pub fn kept_fleet() -> Option<zec_console::fleet::kept::KeptBatch> {
    kept(FLEET_KEY)
}

/// Whether a batch is kept for the tab, without reading it (the fleet's part does).
pub fn holds_kept_fleet() -> bool {
    session_storage().is_some_and(|storage| matches!(storage.get_item(FLEET_KEY), Ok(Some(_))))
}

fn kept_key(instance_id: &str) -> String {
    format!("zec-reinstall.kept.{instance_id}")
}

/// Keeps a confirmed plan that is not carried out yet for this tab (never its password),
/// or forgets it.
pub fn keep_plan(instance_id: &str, plan: Option<&KeptPlan>) {
    keep(&kept_key(instance_id), plan);
}

pub fn kept_plan(instance_id: &str) -> Option<KeptPlan> {
    kept(&kept_key(instance_id))
}

pub fn now_ms() -> f64 {
    js_sys::Date::now()
}

pub fn now_unix() -> i64 {
    (now_ms() / 1000.0) as i64
}

pub fn copy_to_clipboard(text: &str) {
    if let Some(window) = web_sys::window() {
        let _ = window.navigator().clipboard().write_text(text);
    }
}

/// Fires a DOM event on the embedding element (bubbling out of a Shadow DOM).
pub fn dispatch(host: &HtmlElement, name: &str, detail: &impl Serialize) {
    let init = web_sys::CustomEventInit::new();
    init.set_bubbles(true);
    init.set_composed(true);
    let serializer = serde_wasm_bindgen::Serializer::json_compatible();
    if let Ok(detail) = detail.serialize(&serializer) {
        init.set_detail(&detail);
    }
    if let Ok(event) = web_sys::CustomEvent::new_with_event_init_dict(name, &init) {
        let _ = host.dispatch_event(&event);
    }
}

/// Calls `back_online` each time the browser is online again (its `online` event), until
/// the calling reactive owner is cleaned up: a question about a lost answer that waits for
/// the network is asked then.
pub fn on_online(back_online: impl Fn() + 'static) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let listener = Closure::<dyn Fn()>::new(back_online);
    let _ = window.add_event_listener_with_callback("online", listener.as_ref().unchecked_ref());
    let held = SendWrapper::new((window, listener));
    on_cleanup(move || {
        let (window, listener) = held.take();
        let _ =
            window.remove_event_listener_with_callback("online", listener.as_ref().unchecked_ref());
    });
}
