//! zec-reinstall in the browser: the reinstall console and the embeddable widget. The logic
//! (forms, plans, every flow's state machine) is the `zec-console` crate; this crate is its
//! browser face:
//!
//! - `api`: the only module that makes API calls (to the same-origin proxy); `live_status`
//!   reads the status stream;
//! - `session` / `fleet`: the owners of a flow's state in signals (one instance; many
//!   instances with one plan). They run the commands the pure transitions return and feed the
//!   results back in as events; `form_state`: the form's signals;
//! - `proxy`: where the proxy is and the credentials it wants (a portal session, renewed
//!   with the page's `fetchSession`, or the single-tenant token);
//! - `live_status`: status via the event stream read with fetch, or polling when the
//!   stream route is unavailable;
//! - `browser`: crypto RNG, sessionStorage, clipboard, the `online` event and DOM events;
//!   `json`: JSON through the browser's own parser; `routing`: the console's address and
//!   history; `tabs` and `fleet_tabs`: what the other tabs of this browser say about their
//!   plans;
//! - `chunks`: the parts downloaded on first use (the `split` feature, scripts/build-wasm.sh);
//! - `components`: the views, which read the owners' signals and send intents; `app`: the
//!   shell.
//!
//! Two entry points, both exported to JavaScript from one wasm (scripts/build-wasm.sh):
//! `start_console` (the console page, called by `www/boot.js`) and `mount` (the widget).

pub mod activity;
pub mod api;
pub mod app;
pub mod browser;
pub mod chunks;
pub mod components;
pub mod fleet;
mod fleet_tabs;
pub mod form_state;
pub mod i18n;
mod json;
pub mod live_status;
pub mod proxy;
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
use crate::app::{App, AppOptions, Controls, Theme};
use crate::proxy::Proxy;

/// Mounts the console on the page's body; the address says which view opens
/// (`?instance=` for a panel). `locale` is the one `www/boot.js` chose (`?lang=`, the saved
/// choice, the browser's languages) and already painted the skeleton in;
/// `load_catalogue(tag)` returns a promise of a locale's catalogue; `first` is the list's
/// first page, already asked for by the page (`api::first`), or `null`.
#[wasm_bindgen]
pub fn start_console(locale: Option<String>, load_catalogue: js_sys::Function, first: JsValue) {
    api::first::remember(&first);
    i18n::install();
    i18n::set_loader(load_catalogue);
    let locale = locale
        .as_deref()
        .and_then(zec_console::i18n::Locale::from_tag)
        .unwrap_or_default();
    // The skeleton stays until the catalogue is in, so no English flashes before Chinese.
    wasm_bindgen_futures::spawn_local(async move {
        i18n::switch(locale).await;
        i18n::show_on_page();
        mount_console();
    });
}

fn mount_console() {
    let options = AppOptions {
        api: ApiClient::new(Proxy::new("")),
        // The address says which view opens (`routing`).
        controls: Controls::new(Theme::Auto, None),
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

/// The options of `mount(element, options)` and `handle.update(options)`, as a portal
/// passes them from JavaScript. In `update`, an option left out keeps its value; `null` or
/// `""` clears it.
#[derive(Default)]
struct WidgetOptions {
    /// Where the proxy is; default the page's own origin.
    api_base: Option<Option<String>>,
    /// Open the reinstall panel of this instance only; without it, the instance list.
    instance_id: Option<Option<String>>,
    /// "light", "dark" or "auto".
    theme: Option<Option<String>>,
    /// A portal session (JWT), sent as `Authorization: Bearer …`.
    session: Option<Option<String>>,
    /// The host page's async function returning a fresh session.
    fetch_session: Option<Option<js_sys::Function>>,
    /// The single-tenant token, sent as `Authorization: Bearer …` when there is no session.
    access_token: Option<Option<String>>,
    /// "en" or "zh-CN"; default the host page's `<html lang>`, then the browser's languages.
    locale: Option<Option<String>>,
    /// `loadCatalogue(tag)`: a promise of a locale's catalogue (the entry script passes it).
    load_catalogue: Option<js_sys::Function>,
}

impl WidgetOptions {
    fn read(options: &JsValue) -> Result<WidgetOptions, JsValue> {
        if options.is_undefined() || options.is_null() {
            return Ok(WidgetOptions::default());
        }
        if !options.is_object() {
            return Err(JsValue::from_str(
                "zec-reinstall: options must be an object",
            ));
        }
        let text = |name: &str| -> Result<Option<Option<String>>, JsValue> {
            match present(options, name) {
                None => Ok(None),
                Some(value) if value.is_null() || value.is_undefined() => Ok(Some(None)),
                Some(value) => match value.as_string() {
                    Some(text) => Ok(Some(Some(text).filter(|t| !t.is_empty()))),
                    None => Err(JsValue::from_str(&format!(
                        "zec-reinstall: option {name} must be a string"
                    ))),
                },
            }
        };
        let fetch_session = match present(options, "fetchSession") {
            None => None,
            Some(value) if value.is_null() || value.is_undefined() => Some(None),
            Some(value) => match value.dyn_into::<js_sys::Function>() {
                Ok(function) => Some(Some(function)),
                Err(_) => {
                    return Err(JsValue::from_str(
                        "zec-reinstall: option fetchSession must be a function returning a promise of the session",
                    ))
                }
            },
        };
        Ok(WidgetOptions {
            api_base: text("apiBase")?,
            instance_id: text("instanceId")?,
            theme: text("theme")?,
            session: text("session")?,
            fetch_session,
            access_token: text("accessToken")?,
            locale: text("locale")?,
            load_catalogue: present(options, "loadCatalogue")
                .and_then(|value| value.dyn_into::<js_sys::Function>().ok()),
        })
    }

    /// Remembers the catalogue loader and switches to the locale asked for (or the
    /// page's when the option is cleared).
    fn apply_locale(&self, first: bool) {
        if let Some(loader) = &self.load_catalogue {
            i18n::set_loader(loader.clone());
        }
        if first || self.locale.is_some() {
            let asked = self.locale.clone().flatten();
            let locale = i18n::widget_choice(asked.as_deref());
            wasm_bindgen_futures::spawn_local(i18n::switch(locale));
        }
    }

    /// Applies the connection options to the proxy (all but the instance and the theme).
    fn apply_to(&self, proxy: &Proxy) {
        if let Some(base) = &self.api_base {
            proxy.set_base(base.as_deref().unwrap_or(""));
        }
        if let Some(token) = &self.access_token {
            proxy.set_access_token(token.clone());
        }
        if let Some(fetch_session) = &self.fetch_session {
            proxy.set_fetch_session(fetch_session.clone());
        }
        if let Some(session) = &self.session {
            proxy.set_session(session.clone());
        }
    }
}

/// The option's value when the object has it (own or inherited).
fn present(options: &JsValue, name: &str) -> Option<JsValue> {
    let key = JsValue::from_str(name);
    js_sys::Reflect::has(options, &key)
        .unwrap_or(false)
        .then(|| js_sys::Reflect::get(options, &key).unwrap_or(JsValue::UNDEFINED))
}

fn theme_of(option: &Option<Option<String>>) -> Option<Theme> {
    option
        .as_ref()
        .map(|theme| Theme::parse(theme.as_deref().unwrap_or("auto")))
}

/// A mounted widget: `update(options)` changes it in place, `unmount()` removes it and
/// stops its live updates.
#[wasm_bindgen]
pub struct WidgetHandle {
    mounted: Option<Box<dyn Any>>,
    proxy: Proxy,
    controls: Controls,
}

#[wasm_bindgen]
impl WidgetHandle {
    /// Changes the options given (see `mount`) without remounting: what the user typed is
    /// kept. A new `instanceId` while the open form has unsent changes asks the user first;
    /// returns `false` when they chose to stay.
    pub fn update(&mut self, options: JsValue) -> Result<bool, JsValue> {
        let options = WidgetOptions::read(&options)?;
        if self.mounted.is_none() {
            return Ok(false);
        }
        options.apply_to(&self.proxy);
        options.apply_locale(false);
        if let Some(theme) = theme_of(&options.theme) {
            self.controls.theme.set(theme);
        }
        Ok(match options.instance_id {
            Some(instance_id) => self.controls.show_instance(instance_id),
            None => true,
        })
    }

    pub fn unmount(&mut self) {
        self.mounted.take();
    }
}

/// Mounts the reinstall widget into `element`. DOM events (`reinstall-submitted`,
/// `status-change`, `reinstall-finished`, …) are fired on `element`.
#[wasm_bindgen]
pub fn mount(element: HtmlElement, options: JsValue) -> Result<WidgetHandle, JsValue> {
    let options = WidgetOptions::read(&options)?;
    i18n::install();
    let proxy = Proxy::new("");
    options.apply_to(&proxy);
    options.apply_locale(true);
    let controls = Controls::new(
        theme_of(&options.theme).unwrap_or_default(),
        options.instance_id.clone().flatten(),
    );
    let app_options = AppOptions {
        api: ApiClient::new(proxy.clone()),
        controls: controls.clone(),
        host: Some(element.clone()),
        deep_link: false,
    };
    let handle = leptos::mount::mount_to(element, move || view! { <App options=app_options /> });
    Ok(WidgetHandle {
        mounted: Some(Box::new(handle)),
        proxy,
        controls,
    })
}
