//! User data: typed or loaded from a file, with the byte counter and what cloud-init will
//! make of it (a cloud-config with its YAML checked, a script, …) before anything is sent.

use leptos::prelude::*;
use zec_console::i18n::{msg, Id};

use crate::i18n::{text, tr};
use wasm_bindgen::JsCast;
use zec_api::rules::{Field, USER_DATA_MAX_BYTES};

use crate::app::AppContext;
use crate::components::common::FieldMessage;
use crate::session::FormState;
use zec_console::form::field_id;
use zec_console::user_data::{self, UserDataKind};

#[component]
pub fn UserDataField(state: FormState) -> impl IntoView {
    let context = expect_context::<AppContext>();
    let data_id = field_id(&context.id_prefix, Field::UserData);
    let file_id = context.id("userdata-file");
    let check = Memo::new(move |_| state.form.with(|f| user_data::detect(&f.user_data)));
    let bytes = move || state.form.with(|f| f.user_data.len());
    let load = move |ev: leptos::ev::Event| {
        let Some(file) = ev
            .target()
            .and_then(|target| target.dyn_into::<web_sys::HtmlInputElement>().ok())
            .and_then(|input| input.files())
            .and_then(|files| files.get(0))
        else {
            return;
        };
        leptos::task::spawn_local(async move {
            if let Ok(text) = wasm_bindgen_futures::JsFuture::from(file.text()).await {
                let text = text.as_string().unwrap_or_default();
                state.choose(Field::UserData, |f| f.user_data = text);
            }
        });
    };
    let message_id = format!("{data_id}-message");
    let described = format!("{message_id} {data_id}-count {data_id}-kind");

    view! {
        <div class="zec-field">
            <label for=data_id.clone()>{tr(Id::UserData)} " " <span class="zec-optional">{tr(Id::UserDataOptional)}</span></label>
            <textarea id=data_id.clone() rows="5" spellcheck="false"
                prop:value=move || state.form.with(|f| f.user_data.clone())
                aria-invalid=move || state.is_invalid(Field::UserData).to_string()
                aria-describedby=described
                on:input=move |ev| state.edit(Field::UserData, |f| f.user_data = event_target_value(&ev))
                on:focusout=move |ev| state.left(Field::UserData, &ev)></textarea>
            <div class="zec-userdata-tools">
                <label for=file_id.clone() class="zec-button">{tr(Id::LoadFromFile)}</label>
                <input id=file_id type="file" class="zec-visually-hidden" on:change=load />
                <p id=format!("{data_id}-count") class="zec-hint" class:zec-over={move || bytes() > USER_DATA_MAX_BYTES}>
                    {move || text(msg::UserDataBytes { bytes: bytes(), max: USER_DATA_MAX_BYTES })}
                </p>
            </div>
            <p id=format!("{data_id}-kind") class="zec-hint" data-testid="userdata-kind">{move || {
                let check = check.get();
                match (check.kind, check.problem) {
                    (UserDataKind::Empty, _) => String::new(),
                    (_, Some(problem)) => problem,
                    (kind, None) => text(msg::RecognisedAs { kind: kind.label().to_owned() }),
                }
            }}</p>
            <FieldMessage id=message_id message=Signal::derive(move || state.message(Field::UserData)) />
        </div>
    }
}
