//! The locale in the browser: which one the user gets, loading a catalogue only when it is
//! chosen, the `lang` attribute, the switch that re-renders in place, and dates and sizes
//! through the browser's `Intl`. The messages and their English are `zec_console::i18n`.
//!
//! English is compiled into the wasm; a catalogue (`zh-CN.json`, content-hashed and cached
//! like the other assets) is fetched the first time its locale is chosen, by the page's
//! loader: `www/boot.js` (the console) and `www/zec-reinstall-element.js` (the widget) know
//! its hashed name and hand a `loadCatalogue(tag)` function over. The locale is the page's:
//! every view reads one signal, so a switch re-renders every message and keeps all state.

use std::cell::RefCell;

use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};
use zec_console::i18n::{self, Catalogue, Id, Locale};

thread_local! {
    static LOCALE: ArcRwSignal<Locale> = ArcRwSignal::new(Locale::En);
    /// The page's `loadCatalogue(tag)`: a promise of the parsed catalogue.
    static LOADER: RefCell<Option<js_sys::Function>> = const { RefCell::new(None) };
    /// Catalogues already fetched.
    static LOADED: RefCell<Vec<(Locale, Catalogue)>> = const { RefCell::new(Vec::new()) };
}

/// Subscribes whatever renders a message to the locale (called once at start).
pub fn install() {
    i18n::set_hook(|| LOCALE.with(|locale| locale.track()));
}

/// The locale shown now (tracked).
pub fn locale() -> Locale {
    LOCALE.with(|locale| locale.get())
}

/// A message without parameters as a view child or attribute that follows the locale. It
/// holds only the id: a view's fixed words cost a byte each in its state.
pub fn tr(id: Id) -> impl Fn() -> String + Copy + Send + Sync + 'static {
    move || i18n::word(id)
}

/// The message in the locale in use, now.
pub use zec_console::i18n::text;

/// Remembers the page's catalogue loader.
pub fn set_loader(loader: js_sys::Function) {
    LOADER.with(|l| *l.borrow_mut() = Some(loader));
}

/// Switches to `locale`. The code that fetches and reads a catalogue is a part of its own
/// (`chunks::switch_language`): a page that stays in English never downloads it.
pub async fn switch(locale: Locale) {
    if locale == Locale::En {
        if i18n::locale() == Locale::En {
            return;
        }
    } else if let Some(loader) = LOADER.with(|l| l.borrow().clone()) {
        // The page's loader keeps the download it starts: the catalogue comes in while the
        // part does.
        let _ = loader.call1(&JsValue::NULL, &locale.tag().into());
    }
    match crate::chunks::switch_language(locale).await {
        Ok(switching) => switching.await,
        Err(_) => not_switched(locale, "the code that reads it could not be downloaded"),
    }
}

/// Says in the browser's console why the page stays in its language.
fn not_switched(locale: Locale, why: &str) {
    web_sys::console::warn_1(&JsValue::from_str(&format!(
        "zec-reinstall: the {} catalogue could not be loaded ({why}); the language stays",
        locale.tag()
    )));
}

/// [`switch`]'s work, in the `language` part. On failure the language stays and the
/// reason is logged (the page keeps working).
pub async fn switch_now(locale: Locale) {
    let loaded = |l: &Vec<(Locale, Catalogue)>| {
        l.iter()
            .find(|(at, _)| *at == locale)
            .map(|(_, c)| c.clone())
    };
    if locale != Locale::En && LOADED.with(|l| loaded(&l.borrow()).is_none()) {
        match fetch(locale).await.and_then(|flat| read(&flat)) {
            Ok(catalogue) => LOADED.with(|l| l.borrow_mut().push((locale, catalogue))),
            Err(why) => return not_switched(locale, &why),
        };
    }
    let catalogue = LOADED.with(|l| loaded(&l.borrow()));
    if i18n::set_catalogue(locale, catalogue).is_ok() {
        LOCALE.with(|signal| signal.set(locale));
    }
}

/// The catalogue of `locale` as the page's loader flattened it.
async fn fetch(locale: Locale) -> Result<String, String> {
    let loader = LOADER.with(|l| l.borrow().clone()).ok_or("no loader")?;
    let promise = loader
        .call1(&JsValue::NULL, &locale.tag().into())
        .ok()
        .and_then(|value| value.dyn_into::<js_sys::Promise>().ok())
        .ok_or("the loader gave no promise")?;
    wasm_bindgen_futures::JsFuture::from(promise)
        .await
        .map_err(|error| format!("{error:?}"))?
        .as_string()
        .ok_or_else(|| "not a catalogue".into())
}

/// Reads a catalogue the page's loader flattened into one string, so the wasm walks no JSON:
/// the messages in `Id::ALL`'s order, an empty field, then each error code and its text.
fn read(flat: &str) -> Result<Catalogue, String> {
    // A message may be empty (Chinese needs no space between sentences), so the messages
    // are counted rather than read up to the empty field.
    let mut fields = flat.split('\0').map(str::to_owned);
    let texts: Vec<String> = fields.by_ref().take(Id::COUNT).collect();
    if texts.len() != Id::COUNT || fields.next().as_deref() != Some("") {
        return Err("a catalogue of another release".into());
    }
    let mut codes = Vec::new();
    while let (Some(code), Some(text)) = (fields.next(), fields.next()) {
        codes.push((code, text));
    }
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

/// The console's switcher: the choice is kept for the next visit (and in the address when it
/// names a language, which outranks the saved choice), and the page's `lang` and title follow.
pub async fn choose_in_console(locale: Locale) {
    match crate::chunks::choose_language(locale).await {
        Ok(choosing) => choosing.await,
        Err(_) => not_switched(locale, "the code that reads it could not be downloaded"),
    }
}

/// [`choose_in_console`]'s work, in the `language` part.
pub async fn choose_now(locale: Locale) {
    if let Ok(Some(storage)) = window().local_storage() {
        let _ = storage.set_item(SAVED, locale.tag());
    }
    switch_now(locale).await;
    let shown = i18n::locale();
    crate::routing::update_param("lang", shown.tag());
    show_on_page();
}

/// The console page's `lang` and title in the language shown (after a switch, or when the
/// language the page started in could not be loaded).
pub fn show_on_page() {
    if let Some(html) = document().document_element() {
        let _ = html.set_attribute("lang", i18n::locale().tag());
    }
    // The same title as www/index.html's (and its Chinese in the page's meta).
    document().set_title(&format!(
        "{} · {}",
        i18n::word(Id::AppTitle),
        i18n::word(Id::AppProduct)
    ));
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

/// An API timestamp (`2026-11-28T20:31:19Z`) in the user's time zone; anything else as it is.
pub fn api_time(text: &str) -> String {
    zec_api::time::parse_utc(text).map_or_else(
        || text.to_owned(),
        |unix| date_time_ms(unix as f64 * 1000.0),
    )
}

/// An API timestamp shown in UTC, as the API set it (a snapshot's retention time).
pub fn api_time_utc(text: &str) -> String {
    zec_api::time::parse_utc(text).map_or_else(|| text.to_owned(), utc_date_time)
}
