//! zec-reinstall in the browser: the reinstall console and the embeddable widget. The logic
//! (forms, plans, every flow's state machine) is the `zec-console` crate; this crate is its
//! browser face:
//!
//! - `api`: the only module that makes HTTP calls (to the same-origin proxy);
//! - `session` / `fleet`: the owners of a flow's state in signals (one instance; many
//!   instances with one plan). They run the commands the pure transitions return and feed the
//!   results back in as events; `form_state`: the form's signals;
//! - `live_status`: status via the SSE stream, or polling when it is unavailable;
//! - `browser`: crypto RNG, sessionStorage, clipboard, the `online` event and DOM events;
//!   `json`: JSON through the browser's own parser; `routing`: the console's address and
//!   history; `tabs`: what the other tabs of this browser say about their plans;
//! - `components`: the views, which read the owners' signals and send intents; `app`: the
//!   shell.
//!
//! Two entry points: `start_console` (the console page, built with Trunk) and `mount` (the
//! widget, exported to JavaScript by wasm-pack).

pub mod api;
pub mod app;
pub mod browser;
pub mod components;
pub mod fleet;
pub mod form_state;
mod json;
pub mod live_status;
pub mod routing;
pub mod session;
pub mod tabs;

/// The console's logic, for views and tests.
pub use zec_console as console;

use std::any::Any;

use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use web_sys::HtmlElement;

use crate::api::ApiClient;
use crate::app::{App, AppOptions, Theme};

/// Mounts the console on the page's body; the address says which view opens
/// (`?instance=` for a panel).
pub fn start_console() {
    let options = AppOptions {
        api: ApiClient::new("", None),
        instance_id: None,
        theme: Theme::Auto,
        host: None,
        deep_link: true,
    };
    leptos::mount::mount_to_body(move || view! { <App options=options /> });
    // The static skeleton index.html paints before the wasm arrives; the app now replaces it
    // (in the same task, so no frame shows both).
    if let Some(skeleton) = document().get_element_by_id("zec-boot") {
        skeleton.remove();
    }
}

/// Options of `mount(element, options)`, as a portal passes them from JavaScript.
#[derive(serde::Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
struct WidgetOptions {
    /// Where the proxy is; default the page's own origin.
    api_base: Option<String>,
    /// Open the reinstall panel of this instance directly.
    instance_id: Option<String>,
    /// "light", "dark" or "auto".
    theme: Option<String>,
    /// Sent as `Authorization: Bearer …` when the proxy requires a token.
    access_token: Option<String>,
}

/// A mounted widget; `unmount()` removes it and stops its live updates.
#[wasm_bindgen]
pub struct WidgetHandle {
    mounted: Option<Box<dyn Any>>,
}

#[wasm_bindgen]
impl WidgetHandle {
    pub fn unmount(&mut self) {
        self.mounted.take();
    }
}

/// Mounts the reinstall widget into `element`. DOM events (`reinstall-submitted`,
/// `status-change`, `reinstall-finished`) are fired on `element`.
#[wasm_bindgen]
pub fn mount(element: HtmlElement, options: JsValue) -> Result<WidgetHandle, JsValue> {
    let options: WidgetOptions = if options.is_undefined() || options.is_null() {
        WidgetOptions::default()
    } else {
        serde_wasm_bindgen::from_value(options)
            .map_err(|error| JsValue::from_str(&format!("zec-reinstall: bad options: {error}")))?
    };
    let app_options = AppOptions {
        api: ApiClient::new(
            options.api_base.as_deref().unwrap_or(""),
            options.access_token.filter(|t| !t.is_empty()),
        ),
        instance_id: options.instance_id.filter(|id| !id.is_empty()),
        theme: Theme::parse(options.theme.as_deref().unwrap_or("auto")),
        host: Some(element.clone()),
        deep_link: false,
    };
    let handle = leptos::mount::mount_to(element, move || view! { <App options=app_options /> });
    Ok(WidgetHandle {
        mounted: Some(Box::new(handle)),
    })
}
