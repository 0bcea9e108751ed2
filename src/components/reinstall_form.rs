//! The reinstall form: image, login, and the optional settings, with each rule's message
//! next to its field. Submitting it asks the session to review, which freezes the plan.

use leptos::prelude::*;
use zec_api::rules::{Field, USER_DATA_MAX_BYTES};
use zec_api::InstanceStatus;

use crate::app::AppContext;
use crate::components::common::FieldMessage;
use crate::components::image_picker::ImagePicker;
use crate::components::login_section::LoginSection;
use crate::flow::Stage;
use crate::form::{field_id, field_label, FIELD_ORDER};
use crate::session::Session;

#[component]
pub fn ReinstallFormView(session: Session) -> impl IntoView {
    let context = expect_context::<AppContext>();
    let state = session.form;
    let stopped = move || session.status.get() == InstanceStatus::Stopped;
    let busy = move || {
        session
            .stage
            .with(|stage| matches!(stage, Stage::Submitting(_)))
    };
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        session.review();
    };
    let button_label = move || {
        if !stopped() {
            return "Power off the instance to reinstall".to_owned();
        }
        let invalid: Vec<&str> = state.violations.with(|violations| {
            FIELD_ORDER
                .iter()
                .filter(|field| violations.contains_key(field))
                .map(|field| field_label(*field))
                .collect()
        });
        if state.show_all.get() && !invalid.is_empty() {
            return format!("Fix to continue: {}", invalid.join(", "));
        }
        "Review and reinstall".to_owned()
    };

    view! {
        <form class="zec-form" novalidate=true on:submit=on_submit>
            <ImagePicker state=state />
            <LoginSection state=state />
            <Settings session=session />
            <div class="zec-actions">
                <button type="submit" id=context.id("review") class="zec-button zec-button-primary"
                    disabled=move || !stopped() || busy()>{button_label}</button>
            </div>
        </form>
    }
}

/// Name, time zone, QGA and user data: each optional, each kept when left alone.
#[component]
fn Settings(session: Session) -> impl IntoView {
    let context = expect_context::<AppContext>();
    let state = session.form;
    let prefix = context.id_prefix.clone();
    let data = session.data.get_untracked();
    let [name_id, tz_id, agent_id, data_id] = [
        Field::InstanceName,
        Field::Timezone,
        Field::EnableAgent,
        Field::UserData,
    ]
    .map(|field| field_id(&prefix, field));
    let tz_list = context.id("timezones");
    let current_name = data.instance.display_name().to_owned();
    let current_tz = data
        .instance
        .time_zone
        .clone()
        .unwrap_or_else(|| "unknown".to_owned());
    let time_zones = data.time_zones.clone();
    let msg = |id: &str| format!("{id}-message");
    let message = move |field: Field| Signal::derive(move || state.message(field));
    let invalid = move |field: Field| move || state.is_invalid(field).to_string();

    view! {
        <div class="zec-field">
            <label for=name_id.clone()>"Instance name " <span class="zec-optional">"(optional)"</span></label>
            <input id=name_id.clone() type="text" autocomplete="off" spellcheck="false"
                placeholder=format!("Keep current ({current_name})")
                prop:value=move || state.form.with(|f| f.instance_name.clone())
                aria-invalid=invalid(Field::InstanceName)
                aria-describedby=format!("{} {}-hint", msg(&name_id), name_id)
                on:input=move |ev| state.edit(Field::InstanceName, |f| f.instance_name = event_target_value(&ev)) />
            <p id=format!("{name_id}-hint") class="zec-hint">"2–63 letters, digits, hyphens (-) and periods (.), starting with a letter or digit."</p>
            <FieldMessage id=msg(&name_id) message=message(Field::InstanceName) />
        </div>

        <div class="zec-field">
            <label for=tz_id.clone()>"Time zone " <span class="zec-optional">"(optional)"</span></label>
            <input id=tz_id.clone() type="text" list=tz_list.clone() autocomplete="off" spellcheck="false"
                placeholder=format!("Keep current ({current_tz})")
                prop:value=move || state.form.with(|f| f.timezone.clone().unwrap_or_default())
                aria-invalid=invalid(Field::Timezone) aria-describedby=msg(&tz_id)
                on:input=move |ev| {
                    let value = event_target_value(&ev);
                    state.edit(Field::Timezone, |f| f.timezone = (!value.trim().is_empty()).then(|| value.trim().to_owned()));
                } />
            <datalist id=tz_list>
                {time_zones.into_iter().map(|zone| view! { <option value=zone></option> }).collect_view()}
            </datalist>
            <FieldMessage id=msg(&tz_id) message=message(Field::Timezone) />
        </div>

        <div class="zec-field zec-field-check">
            <input id=agent_id.clone() type="checkbox"
                prop:checked=move || state.form.with(|f| f.enable_agent)
                aria-invalid=invalid(Field::EnableAgent) aria-describedby=msg(&agent_id)
                on:change=move |ev| state.edit(Field::EnableAgent, |f| f.enable_agent = event_target_checked(&ev)) />
            <label for=agent_id.clone()>"Enable the QGA agent (lets the cloud reset passwords and read guest status)"</label>
            <FieldMessage id=msg(&agent_id) message=message(Field::EnableAgent) />
        </div>

        <div class="zec-field">
            <label for=data_id.clone()>"User data " <span class="zec-optional">"(optional: a script run at first boot)"</span></label>
            <textarea id=data_id.clone() rows="5" spellcheck="false"
                prop:value=move || state.form.with(|f| f.user_data.clone())
                aria-invalid=invalid(Field::UserData)
                aria-describedby=format!("{} {}-count", msg(&data_id), data_id)
                on:input=move |ev| state.edit(Field::UserData, |f| f.user_data = event_target_value(&ev))></textarea>
            <p id=format!("{data_id}-count") class=move || {
                let over = state.form.with(|f| f.user_data.len() > USER_DATA_MAX_BYTES);
                if over { "zec-hint zec-over" } else { "zec-hint" }
            }>
                {move || format!("{} / {USER_DATA_MAX_BYTES} bytes", state.form.with(|f| f.user_data.len()))}
            </p>
            <FieldMessage id=msg(&data_id) message=message(Field::UserData) />
        </div>
    }
}
