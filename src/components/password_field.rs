//! The new password: shown or hidden, generated from the browser's crypto RNG, copied, and
//! a checklist of the contract's rules that ticks as the user types.

use leptos::prelude::*;
use zec_api::english::password_checklist_item;
use zec_api::rules::{Field, PasswordChecklist, PasswordRule};
use zec_console::form::field_id;

use crate::browser;
use crate::components::common::FieldMessage;
use crate::session::FormState;

#[component]
pub fn PasswordField(state: FormState, prefix: String) -> impl IntoView {
    let input_id = field_id(&prefix, Field::Password);
    let message_id = format!("{input_id}-message");
    let checklist_id = format!("{input_id}-rules");
    let (visible, set_visible) = signal(false);
    let checklist = Memo::new(move |_| state.form.with(|f| PasswordChecklist::of(&f.password)));
    // One line per rule of the contract, in its own words (`zec_api::english`).
    let rule = move |rule: PasswordRule| {
        let met = move || checklist.get().met(rule);
        view! {
            <li class=move || if met() { "zec-rule zec-rule-met" } else { "zec-rule" }>
                <span class="zec-rule-mark" aria-hidden="true">{move || if met() { "✓" } else { "○" }}</span>
                <span class="zec-visually-hidden">{move || if met() { "Met: " } else { "Not yet: " }}</span>
                {password_checklist_item(rule)}
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
                {PasswordRule::ALL.map(rule)}
            </ul>
            <FieldMessage id=message_id message=Signal::derive(move || state.message(Field::Password)) />
        </div>
    }
}
