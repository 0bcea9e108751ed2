//! Login after the reinstall: a password (with show/hide, a generator and a live checklist)
//! or an SSH key pair. Windows and Generic images take neither, and the section says so.

use leptos::prelude::*;
use zec_console::i18n::{msg, word, Id};

use crate::i18n::{text, tr};
use zec_api::rules::{self, Field};
use zec_console::form::{field_id, LoginChoice};

use crate::app::AppContext;
use crate::components::common::FieldMessage;
use crate::components::password_field::PasswordField;
use crate::session::FormState;

/// "ssh-ed25519 AAAAC3NzaC1l…": enough of the key to recognise it.
fn key_prefix(public_key: &str) -> String {
    let mut parts = public_key.split_whitespace();
    let kind = parts.next().unwrap_or("");
    let body: String = parts
        .next()
        .unwrap_or("")
        .chars()
        .skip(12)
        .take(12)
        .collect();
    format!("{kind} …{body}…")
}

#[component]
pub fn LoginSection(state: FormState) -> impl IntoView {
    let context = expect_context::<AppContext>();
    let prefix = context.id_prefix.clone();
    let takes_login = Memo::new(move |_| {
        state.with_context(|context| state.form.with(|form| form.takes_login(context)))
    });
    // Leaving the instance's key pair: say that it stops working.
    let key_stops_working = move || {
        state.with_context(|context| {
            let instance = context.instance;
            let current = instance.key_id.as_ref()?;
            let keeps = state
                .form
                .with(|f| f.login == LoginChoice::KeyPair && f.key_id.as_ref() == Some(current));
            let name = context
                .key_pairs
                .iter()
                .find(|k| &k.key_id == current)
                .map_or(current.as_str(), |k| k.key_name.as_str());
            (!keeps).then(|| {
                text(msg::KeyStopsWorking {
                    key: name.to_owned(),
                    instance: instance.display_name().to_owned(),
                })
            })
        })
    };
    let login_id = field_id(&prefix, Field::Login);
    let radio_name = context.id("login-choice");
    let choose = move |choice: LoginChoice| state.choose(Field::Login, |f| f.login = choice);
    let password_choice_id = context.id("login-password");
    let key_choice_id = context.id("login-key");
    let (name_a, name_b) = (radio_name.clone(), radio_name);

    view! {
        <fieldset id=login_id.clone() class="zec-fieldset" tabindex="-1" aria-describedby=format!("{login_id}-message")>
            <legend>{tr(Id::Login)}</legend>
            <Show when=move || takes_login.get() fallback=|| view! {
                <p class="zec-note" data-testid="login-none">
                    {tr(Id::LoginNone)}
                </p>
            }>
                <div class="zec-choice" role="radiogroup" aria-label=tr(Id::LoginMethod)>
                    <div class="zec-option">
                        <input type="radio" id=password_choice_id.clone() name=name_a.clone()
                            prop:checked=move || state.form.with(|f| f.login == LoginChoice::Password)
                            on:change=move |_| choose(LoginChoice::Password) />
                        <label for=password_choice_id.clone()>{tr(Id::Password)}</label>
                    </div>
                    <div class="zec-option">
                        <input type="radio" id=key_choice_id.clone() name=name_b.clone()
                            prop:checked=move || state.form.with(|f| f.login == LoginChoice::KeyPair)
                            on:change=move |_| choose(LoginChoice::KeyPair) />
                        <label for=key_choice_id.clone()>{tr(Id::SshKeyPair)}</label>
                    </div>
                </div>
                <FieldMessage id=format!("{}-message", field_id(&prefix, Field::Login)) message=Signal::derive(move || state.message(Field::Login)) />
                <p class="zec-note zec-note-warn" data-testid="key-stops-working">{key_stops_working}</p>
                {
                    let prefix = prefix.clone();
                    // A memo, so typing (which changes the form) does not rebuild the field.
                    let login = Memo::new(move |_| state.form.with(|f| f.login));
                    move || match login.get() {
                        LoginChoice::Password => view! { <PasswordField state=state prefix=prefix.clone() /> }.into_any(),
                        LoginChoice::KeyPair => view! { <KeyPicker state=state prefix=prefix.clone() /> }.into_any(),
                    }
                }
            </Show>
        </fieldset>
    }
}

#[component]
fn KeyPicker(state: FormState, prefix: String) -> impl IntoView {
    let select_id = field_id(&prefix, Field::KeyId);
    let message_id = format!("{select_id}-message");
    let keys = state
        .catalog
        .with_value(|catalog| catalog.key_pairs.clone());
    view! {
        <div class="zec-field">
            <label for=select_id.clone()>{tr(Id::KeyPairToInstall)}</label>
            <select id=select_id aria-describedby=message_id.clone()
                aria-invalid=move || state.is_invalid(Field::KeyId).to_string()
                on:change=move |ev| {
                    let value = event_target_value(&ev);
                    state.choose(Field::KeyId, |f| f.key_id = (!value.is_empty()).then_some(value));
                }>
                <option value="" selected=move || state.form.with(|f| f.key_id.is_none())>{tr(Id::ChooseKeyPair)}</option>
                {keys.into_iter().map(|key| {
                    let supported = rules::key_pair_supported(&key);
                    let id = key.key_id.clone();
                    let label = if supported {
                        format!("{} — {}", key.key_name, key_prefix(&key.public_key))
                    } else {
                        text(msg::KeyNotSupported { name: key.key_name.clone(), kind: key.public_key.split_whitespace().next().map_or_else(|| word(Id::UnknownKeyType), str::to_owned) })
                    };
                    view! {
                        <option value=key.key_id.clone() disabled=!supported
                            selected=move || state.form.with(|f| f.key_id.as_deref() == Some(id.as_str()))>{label}</option>
                    }
                }).collect_view()}
            </select>
            <FieldMessage id=message_id message=Signal::derive(move || state.message(Field::KeyId)) />
        </div>
    }
}
