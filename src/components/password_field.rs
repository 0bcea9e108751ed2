//! The new password: shown or hidden, generated from the browser's crypto RNG, copied, and
//! a checklist of the contract's rules that ticks as the user types. `PasswordInput` is the
//! field itself, for any form (one instance's, a fleet's); `PasswordField` puts it in the
//! reinstall form.

use leptos::prelude::*;
use zec_console::i18n::{word, Id};

use crate::i18n::tr;
use zec_api::rules::{Field, PasswordChecklist, PasswordRule};
use zec_console::form::field_id;
use zec_console::i18n::password_checklist_item;

use crate::browser;
use crate::components::common::FieldMessage;
use crate::session::FormState;

#[component]
pub fn PasswordField(state: FormState, prefix: String) -> impl IntoView {
    view! {
        <PasswordInput input_id=field_id(&prefix, Field::Password)
            value=Signal::derive(move || state.form.with(|f| f.password.clone()))
            on_input=Callback::new(move |typed: String| state.edit(Field::Password, |f| {
                f.password = typed;
                f.password_generated = false;
            }))
            on_generate=Callback::new(move |password: String| state.choose(Field::Password, |f| {
                f.password = password;
                f.password_generated = true;
            }))
            on_leave=Callback::new(move |ev: web_sys::FocusEvent| state.left(Field::Password, &ev))
            message=Signal::derive(move || state.message(Field::Password)) />
    }
}

/// The password input with Show, Generate and Copy, its rule checklist and its message.
#[component]
pub fn PasswordInput(
    #[prop(into)] input_id: String,
    #[prop(into)] value: Signal<String>,
    /// What was typed.
    on_input: Callback<String>,
    /// A password the generator made.
    on_generate: Callback<String>,
    /// The field was left (its message may show now).
    on_leave: Callback<web_sys::FocusEvent>,
    #[prop(into)] message: Signal<Option<String>>,
) -> impl IntoView {
    let message_id = format!("{input_id}-message");
    let checklist_id = format!("{input_id}-rules");
    let (visible, set_visible) = signal(false);
    let checklist = Memo::new(move |_| value.with(|password| PasswordChecklist::of(password)));
    // One line per rule of the contract, in its own words (`zec_api::english`).
    let rule = move |rule: PasswordRule| {
        let met = move || checklist.get().met(rule);
        view! {
            <li class=move || if met() { "zec-rule zec-rule-met" } else { "zec-rule" }>
                <span class="zec-rule-mark" aria-hidden="true">{move || if met() { "✓" } else { "○" }}</span>
                <span class="zec-visually-hidden">{move || if met() { word(Id::RuleMet) } else { word(Id::RuleNotYet) }} " "</span>
                {move || password_checklist_item(rule)}
            </li>
        }
    };
    view! {
        <div class="zec-field">
            <label for=input_id.clone()>{tr(Id::NewPassword)}</label>
            <div class="zec-password-row">
                <input id=input_id.clone() type=move || if visible.get() { "text" } else { "password" }
                    autocomplete="new-password" spellcheck="false" autocapitalize="off"
                    prop:value=value
                    aria-invalid=move || message.with(Option::is_some).to_string()
                    aria-describedby=format!("{message_id} {checklist_id}")
                    on:input=move |ev| on_input.run(event_target_value(&ev))
                    // Also fired while the field is removed with its view: the callback may be gone.
                    on:focusout=move |ev| { on_leave.try_run(ev); } />
                <button type="button" class="zec-button" aria-pressed=move || visible.get().to_string()
                    aria-controls=input_id.clone()
                    on:click=move |_| set_visible.update(|v| *v = !*v)>{move || if visible.get() { word(Id::Hide) } else { word(Id::Show) }}</button>
                <button type="button" class="zec-button" on:click=move |_| {
                    on_generate.run(browser::generate_password());
                    set_visible.set(true);
                }>{tr(Id::Generate)}</button>
                <button type="button" class="zec-button" disabled=move || value.with(String::is_empty)
                    on:click=move |_| value.with_untracked(|password| browser::copy_to_clipboard(password))>{tr(Id::Copy)}</button>
            </div>
            <ul id=checklist_id class="zec-rules" aria-label=tr(Id::PasswordRules)>
                {PasswordRule::ALL.map(rule)}
            </ul>
            <FieldMessage id=message_id message=message />
        </div>
    }
}
