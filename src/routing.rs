//! The console's address and history (the console page only: a widget never touches its
//! host page's history). Each view (`zec_console::route::Route`) is a history entry: opening
//! a panel or the fleet's plan pushes one, Back and Forward come back as `popstate` events,
//! and the address can be reloaded or shared.

use leptos::prelude::on_cleanup;
use send_wrapper::SendWrapper;
use wasm_bindgen::prelude::*;
use zec_console::route::{Route, INSTANCE_PARAM, VIEW_PARAM};

/// The route the address bar shows.
pub fn current() -> Route {
    let search = web_sys::window()
        .and_then(|window| window.location().search().ok())
        .unwrap_or_default();
    let Ok(params) = web_sys::UrlSearchParams::new_with_str(&search) else {
        return Route::List;
    };
    Route::read(
        params.get(INSTANCE_PARAM).as_deref(),
        params.get(VIEW_PARAM).as_deref(),
    )
}

/// The page's address with `route`'s parameters (any other parameter kept).
fn address_of(route: &Route) -> Option<String> {
    let window = web_sys::window()?;
    let url = web_sys::Url::new(&window.location().href().ok()?).ok()?;
    let (instance, view) = route.params();
    for (name, value) in [(INSTANCE_PARAM, instance), (VIEW_PARAM, view)] {
        match value {
            Some(value) => url.search_params().set(name, value),
            None => url.search_params().delete(name),
        }
    }
    Some(url.href())
}

/// A new history entry for `route` (or the current one replaced).
pub fn go(route: &Route, replace: bool) {
    let (Some(window), Some(address)) = (web_sys::window(), address_of(route)) else {
        return;
    };
    if let Ok(history) = window.history() {
        let _ = match replace {
            true => history.replace_state_with_url(&JsValue::NULL, "", Some(&address)),
            false => history.push_state_with_url(&JsValue::NULL, "", Some(&address)),
        };
    }
}

/// Sets the address's `name` parameter to `value` in place (no new history entry) when the
/// address has one, so a reload shows what the user chose since (`?lang=` after a switch).
pub fn update_param(name: &str, value: &str) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let Some(url) = window
        .location()
        .href()
        .ok()
        .and_then(|href| web_sys::Url::new(&href).ok())
    else {
        return;
    };
    if !url.search_params().has(name) {
        return;
    }
    url.search_params().set(name, value);
    if let Ok(history) = window.history() {
        let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&url.href()));
    }
}

/// Calls `moved(route)` on every Back or Forward, until the calling owner is cleaned up.
pub fn on_back_or_forward(moved: impl Fn(Route) + 'static) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let listener = Closure::<dyn Fn()>::new(move || moved(current()));
    let _ = window.add_event_listener_with_callback("popstate", listener.as_ref().unchecked_ref());
    let held = SendWrapper::new((window, listener));
    on_cleanup(move || {
        let (window, listener) = held.take();
        let _ = window
            .remove_event_listener_with_callback("popstate", listener.as_ref().unchecked_ref());
    });
}
