//! The console's language switcher: a `<select>` labelled in both languages, so it is found
//! whichever language the page is in. Switching re-renders every message in place; nothing
//! the user typed or chose is touched.

use leptos::prelude::*;
use zec_console::i18n::Locale;

use crate::i18n;

/// Each locale in its own language (never translated: a reader of either finds theirs).
fn own_name(locale: Locale) -> &'static str {
    match locale {
        Locale::En => "English",
        Locale::ZhCn => "简体中文",
    }
}

#[component]
pub fn LanguageSwitcher() -> impl IntoView {
    let on_change = move |event: leptos::ev::Event| {
        let chosen = event_target_value(&event);
        let locale = Locale::from_tag(&chosen).unwrap_or_default();
        wasm_bindgen_futures::spawn_local(i18n::choose_in_console(locale));
    };
    view! {
        <label class="zec-language">
            <span>"Language / 语言"</span>
            <select data-testid="language" on:change=on_change>
                {Locale::ALL.into_iter().map(|locale| view! {
                    <option value=locale.tag() lang=locale.tag()
                        selected=move || i18n::locale() == locale>{own_name(locale)}</option>
                }).collect_view()}
            </select>
        </label>
    }
}
