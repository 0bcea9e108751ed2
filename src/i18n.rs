//! The locale in the browser: which one the user gets, loading a catalogue only when it is
//! chosen, the `lang` attribute, the switch that re-renders in place, and dates and sizes
//! through the browser's `Intl`. The messages and their English are `zec_console::i18n`.
//!
//! English is compiled into the wasm; a catalogue (`zh-CN.json`, content-hashed and cached
//! like the other assets) is fetched the first time its locale is chosen. Its URL comes from
//! the page: the console's `<meta name="zec-console" data-zh-cn=…>`, the widget's entry
//! script (the `catalogues` mount option). The locale is the page's: every view reads one
//! signal, so a switch re-renders every message and keeps all state.

use std::cell::RefCell;
use std::collections::HashMap;

use leptos::prelude::*;
use wasm_bindgen::JsValue;
use zec_console::i18n::{self, Catalogue, Locale, Msg};

thread_local! {
    static LOCALE: ArcRwSignal<Locale> = ArcRwSignal::new(Locale::En);
    /// Where each locale's catalogue is (`"zh-CN"` → its hashed URL).
    static URLS: RefCell<HashMap<String, String>> = RefCell::new(HashMap::new());
    /// Catalogues already fetched.
    static LOADED: RefCell<HashMap<&'static str, Catalogue>> = RefCell::new(HashMap::new());
}

/// Subscribes whatever renders a message to the locale (called once at start).
pub fn install() {
    i18n::set_hook(|| LOCALE.with(|locale| locale.track()));
}

/// The locale shown now (tracked).
pub fn locale() -> Locale {
    LOCALE.with(|locale| locale.get())
}

/// A message as a view child or attribute that follows the locale.
pub fn tr(msg: Msg) -> impl Fn() -> String + Clone + Send + Sync + 'static {
    move || i18n::text(msg.clone())
}

/// The message in the locale in use, now.
pub fn text(msg: Msg) -> String {
    i18n::text(msg)
}

/// Remembers where a locale's catalogue is.
pub fn set_catalogue_url(tag: &str, url: &str) {
    URLS.with(|urls| urls.borrow_mut().insert(tag.to_owned(), url.to_owned()));
}

/// Switches to `locale`, fetching its catalogue the first time. On failure English stays
/// and the reason is logged (the page keeps working).
pub async fn switch(locale: Locale) {
    if locale != Locale::En && LOADED.with(|l| !l.borrow().contains_key(locale.tag())) {
        match fetch(locale).await {
            Ok(catalogue) => LOADED.with(|l| l.borrow_mut().insert(locale.tag(), catalogue)),
            Err(why) => {
                web_sys::console::warn_1(&JsValue::from_str(&format!(
                    "zec-reinstall: the {} catalogue could not be loaded ({why}); English stays",
                    locale.tag()
                )));
                return;
            }
        };
    }
    let catalogue = LOADED.with(|l| l.borrow().get(locale.tag()).cloned());
    if i18n::set_catalogue(locale, catalogue).is_ok() {
        LOCALE.with(|signal| signal.set(locale));
    }
}

async fn fetch(locale: Locale) -> Result<Catalogue, String> {
    let url = URLS
        .with(|urls| urls.borrow().get(locale.tag()).cloned())
        .ok_or("no address for it")?;
    let response = gloo_net::http::Request::get(&url)
        .send()
        .await
        .map_err(|error| error.to_string())?;
    if !response.ok() {
        return Err(format!("HTTP {}", response.status()));
    }
    let text = response.text().await.map_err(|error| error.to_string())?;
    // `{"messages": {id: text, …}, "codes": {CODE: text, …}}`, the messages in `Msg`'s
    // order (JSON.parse keeps the order of keys that are not numbers).
    let file = crate::json::parse(&text).ok_or("not JSON")?;
    let part = |name: &str| js_sys::Reflect::get(&file, &JsValue::from_str(name)).ok();
    let strings = |value: JsValue| value.as_string().unwrap_or_default();
    let messages = part("messages")
        .filter(JsValue::is_object)
        .ok_or("no messages")?;
    let texts = js_sys::Object::values(&messages.into())
        .iter()
        .map(strings)
        .collect();
    let codes = part("codes")
        .filter(JsValue::is_object)
        .map(|codes| {
            js_sys::Object::entries(&codes.into())
                .iter()
                .map(|entry| {
                    let entry = js_sys::Array::from(&entry);
                    (strings(entry.get(0)), strings(entry.get(1)))
                })
                .collect()
        })
        .unwrap_or_default();
    Ok(Catalogue { texts, codes })
}

/// Where the console keeps the switcher's choice (`www/boot.js` reads it).
const SAVED: &str = "zec-reinstall.lang";

/// The browser's languages, most preferred first.
fn browser_languages() -> Vec<String> {
    let navigator = window().navigator();
    let languages: Vec<String> = navigator
        .languages()
        .iter()
        .filter_map(|language| language.as_string())
        .collect();
    if languages.is_empty() {
        navigator.language().into_iter().collect()
    } else {
        languages
    }
}

/// The widget's locale: its `locale` attribute or option, then the host page's
/// `<html lang>`, then the browser's languages.
pub fn widget_choice(option: Option<&str>) -> Locale {
    let page = document()
        .document_element()
        .map(|html| html.get_attribute("lang").unwrap_or_default())
        .filter(|lang| !lang.is_empty());
    let languages = browser_languages();
    Locale::choose(
        option
            .into_iter()
            .chain(page.as_deref())
            .chain(languages.iter().map(String::as_str)),
    )
}

/// The console's switcher: the choice is kept for the next visit and the page's `lang`
/// follows.
pub async fn choose_in_console(locale: Locale) {
    if let Ok(Some(storage)) = window().local_storage() {
        let _ = storage.set_item(SAVED, locale.tag());
    }
    switch(locale).await;
    if let Some(html) = document().document_element() {
        let _ = html.set_attribute("lang", i18n::locale().tag());
    }
}

/// A time in the user's time zone and language, with its date: "28 Nov 2026, 20:27".
pub fn date_time_ms(ms: f64) -> String {
    let options = js_sys::Object::new();
    for (key, value) in [("dateStyle", "medium"), ("timeStyle", "short")] {
        let _ = js_sys::Reflect::set(&options, &key.into(), &value.into());
    }
    intl_date(ms, &options)
}

/// A time the API gives in UTC, shown in UTC with its date: "28 Nov 2026, 20:27 UTC".
pub fn utc_date_time(unix_seconds: i64) -> String {
    let options = js_sys::Object::new();
    for (key, value) in [
        ("dateStyle", "medium"),
        ("timeStyle", "short"),
        ("timeZone", "UTC"),
    ] {
        let _ = js_sys::Reflect::set(&options, &key.into(), &value.into());
    }
    format!("{} UTC", intl_date(unix_seconds as f64 * 1000.0, &options))
}

fn intl_date(ms: f64, options: &js_sys::Object) -> String {
    let locales = js_sys::Array::of1(&i18n::locale().tag().into());
    let format = js_sys::Intl::DateTimeFormat::new(&locales, options);
    let date = js_sys::Date::new(&JsValue::from_f64(ms));
    format
        .format()
        .call1(&format, &date)
        .ok()
        .and_then(|text| text.as_string())
        .unwrap_or_default()
}
