//! Login after the reinstall: a password (with show/hide, a generator and a live checklist)
//! or an SSH key pair. Windows and Generic images take neither, and the section says so.

use leptos::prelude::*;
use zec_api::rules::{self, Field, PasswordChecklist};

use crate::app::AppContext;
use crate::browser;
use crate::components::common::FieldMessage;
use crate::form::{field_id, LoginChoice};
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
        let data = state.data.get_untracked();
        state.form.with(|form| form.takes_login(&data.context()))
    });
    // Leaving the instance's key pair: say that it stops working.
    let key_stops_working = move || {
        state.data.with(|data| {
            let current = data.instance.key_id.as_ref()?;
            let keeps = state
                .form
                .with(|f| f.login == LoginChoice::KeyPair && f.key_id.as_ref() == Some(current));
            let name = data
                .key_pairs
                .iter()
                .find(|k| &k.key_id == current)
                .map_or(current.as_str(), |k| k.key_name.as_str());
            (!keeps).then(|| {
                format!(
                    "The key pair {name} stops working on {} after the reinstall.",
                    data.instance.display_name()
                )
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
            <legend>"Login"</legend>
            <Show when=move || takes_login.get() fallback=|| view! {
                <p class="zec-note" data-testid="login-none">
                    "Windows and Generic images are installed without a password or SSH key pair, so none is sent. "
                    "Windows asks for an administrator password at first sign-in through the instance console; "
                    "Generic images are set up by your user data."
                </p>
            }>
                <div class="zec-choice" role="radiogroup" aria-label="Login method">
                    <div class="zec-option">
                        <input type="radio" id=password_choice_id.clone() name=name_a.clone()
                            prop:checked=move || state.form.with(|f| f.login == LoginChoice::Password)
                            on:change=move |_| choose(LoginChoice::Password) />
                        <label for=password_choice_id.clone()>"Password"</label>
                    </div>
                    <div class="zec-option">
                        <input type="radio" id=key_choice_id.clone() name=name_b.clone()
                            prop:checked=move || state.form.with(|f| f.login == LoginChoice::KeyPair)
                            on:change=move |_| choose(LoginChoice::KeyPair) />
                        <label for=key_choice_id.clone()>"SSH key pair"</label>
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
fn PasswordField(state: FormState, prefix: String) -> impl IntoView {
    let input_id = field_id(&prefix, Field::Password);
    let message_id = format!("{input_id}-message");
    let checklist_id = format!("{input_id}-rules");
    let (visible, set_visible) = signal(false);
    let checklist = Memo::new(move |_| state.form.with(|f| PasswordChecklist::of(&f.password)));
    let rule = move |met: fn(&PasswordChecklist) -> bool, text: &'static str| {
        view! {
            <li class=move || if met(&checklist.get()) { "zec-rule zec-rule-met" } else { "zec-rule" }>
                <span class="zec-rule-mark" aria-hidden="true">{move || if met(&checklist.get()) { "✓" } else { "○" }}</span>
                <span class="zec-visually-hidden">{move || if met(&checklist.get()) { "Met: " } else { "Not yet: " }}</span>
                {text}
            </li>
        }
    };
    view! {
        <div class="zec-field">
            <label for=input_id.clone()>"New password"</label>
            <div class="zec-password-row">
                <input id=input_id.clone() type=move || if visible.get() { "text" } else { "password" }
                    autocomplete="new-password" spellcheck="false" autocapitalize="off"
                    prop:value=move || state.form.with(|f| f.password.clone())
                    aria-invalid=move || state.is_invalid(Field::Password).to_string()
                    aria-describedby=format!("{message_id} {checklist_id}")
                    on:input=move |ev| state.edit(Field::Password, |f| {
                        f.password = event_target_value(&ev);
                        f.password_generated = false;
                    })
                    on:focusout=move |ev| state.left(Field::Password, &ev) />
                <button type="button" class="zec-button" aria-pressed=move || visible.get().to_string()
                    aria-controls=input_id.clone()
                    on:click=move |_| set_visible.update(|v| *v = !*v)>{move || if visible.get() { "Hide" } else { "Show" }}</button>
                <button type="button" class="zec-button" on:click=move |_| {
                    let password = browser::generate_password();
                    state.choose(Field::Password, |f| {
                        f.password = password;
                        f.password_generated = true;
                    });
                    set_visible.set(true);
                }>"Generate"</button>
                <button type="button" class="zec-button" disabled=move || state.form.with(|f| f.password.is_empty())
                    on:click=move |_| state.form.with_untracked(|f| browser::copy_to_clipboard(&f.password))>"Copy"</button>
            </div>
            <ul id=checklist_id class="zec-rules" aria-label="Password rules">
                {rule(|c| c.length_ok, "8–16 characters")}
                {rule(|c| c.charset_ok, "Only letters, digits and `~!@$^*-_=+")}
                {rule(|c| c.has_lower, "A lower-case letter")}
                {rule(|c| c.has_upper, "An upper-case letter")}
                {rule(|c| c.has_digit, "A digit")}
                {rule(|c| c.has_special, "A special character: `~!@$^*-_=+")}
            </ul>
            <FieldMessage id=message_id message=Signal::derive(move || state.message(Field::Password)) />
        </div>
    }
}

#[component]
fn KeyPicker(state: FormState, prefix: String) -> impl IntoView {
    let data = state.data.get_untracked();
    let select_id = field_id(&prefix, Field::KeyId);
    let message_id = format!("{select_id}-message");
    let keys = data.key_pairs.clone();
    view! {
        <div class="zec-field">
            <label for=select_id.clone()>"SSH key pair to install"</label>
            <select id=select_id aria-describedby=message_id.clone()
                aria-invalid=move || state.is_invalid(Field::KeyId).to_string()
                on:change=move |ev| {
                    let value = event_target_value(&ev);
                    state.choose(Field::KeyId, |f| f.key_id = (!value.is_empty()).then_some(value));
                }>
                <option value="" selected=move || state.form.with(|f| f.key_id.is_none())>"Choose a key pair…"</option>
                {keys.into_iter().map(|key| {
                    let supported = rules::key_pair_supported(&key);
                    let id = key.key_id.clone();
                    let label = if supported {
                        format!("{} — {}", key.key_name, key_prefix(&key.public_key))
                    } else {
                        format!("{} — not supported ({})", key.key_name, key.public_key.split_whitespace().next().unwrap_or("unknown type"))
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
