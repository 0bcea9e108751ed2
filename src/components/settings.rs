//! Name, time zone and QGA: each starts as the instance has it and is kept when left alone.

use leptos::prelude::*;
use zec_console::i18n::{msg, Id};

use crate::i18n::{text, tr};
use zec_api::rules::{Field, Named};
use zec_console::form::field_id;
use zec_console::i18n::name_hint;

use crate::app::AppContext;
use crate::components::common::FieldMessage;
use crate::session::Session;

#[component]
pub fn Settings(session: Session) -> impl IntoView {
    let context = expect_context::<AppContext>();
    let state = session.form;
    let [name_id, tz_id, agent_id] = [Field::InstanceName, Field::Timezone, Field::EnableAgent]
        .map(|field| field_id(&context.id_prefix, field));
    let tz_list = context.id("timezones");
    let time_zones = session
        .catalog
        .with_value(|catalog| catalog.time_zones.clone().unwrap_or_default());
    let msg = |id: &str| format!("{id}-message");
    let message = move |field: Field| Signal::derive(move || state.message(field));
    let invalid = move |field: Field| move || state.is_invalid(field).to_string();
    // The API said the chosen image has no QGA agent: say so before anything is sent.
    let no_agent = move || {
        state.with_context(|context| {
            state.form.with(|form| {
                let without = context.images_without_agent?;
                form.image_to_install(context)
                    .filter(|image| without.contains(&image.image_id))
                    .map(|image| image.image_name.clone())
            })
        })
    };

    view! {
        <div class="zec-field">
            <label for=name_id.clone()>{tr(Id::InstanceName)}</label>
            <input id=name_id.clone() type="text" autocomplete="off" spellcheck="false"
                prop:value=move || state.form.with(|f| f.instance_name.clone())
                aria-invalid=invalid(Field::InstanceName)
                aria-describedby=format!("{} {}-hint", msg(&name_id), name_id)
                on:input=move |ev| state.edit(Field::InstanceName, |f| f.instance_name = event_target_value(&ev))
                on:focusout=move |ev| state.left(Field::InstanceName, &ev) />
            <p id=format!("{name_id}-hint") class="zec-hint">{move || name_hint(Named::Instance)}</p>
            <FieldMessage id=msg(&name_id) message=message(Field::InstanceName) />
        </div>

        <div class="zec-field">
            <label for=tz_id.clone()>{tr(Id::TimeZone)}</label>
            <input id=tz_id.clone() type="text" list=tz_list.clone() autocomplete="off" spellcheck="false"
                prop:value=move || state.form.with(|f| f.timezone.clone().unwrap_or_default())
                aria-invalid=invalid(Field::Timezone) aria-describedby=msg(&tz_id)
                on:input=move |ev| {
                    let value = event_target_value(&ev);
                    state.edit(Field::Timezone, |f| f.timezone = (!value.trim().is_empty()).then(|| value.trim().to_owned()));
                }
                on:focusout=move |ev| state.left(Field::Timezone, &ev) />
            <datalist id=tz_list>
                {time_zones.into_iter().map(|zone| view! { <option value=zone></option> }).collect_view()}
            </datalist>
            <FieldMessage id=msg(&tz_id) message=message(Field::Timezone) />
        </div>

        <div class="zec-field zec-field-check">
            <input id=agent_id.clone() type="checkbox"
                prop:checked=move || state.form.with(|f| f.enable_agent)
                disabled=move || no_agent().is_some() && !state.form.with(|f| f.enable_agent)
                aria-invalid=invalid(Field::EnableAgent) aria-describedby=format!("{} {}-reason", msg(&agent_id), agent_id)
                on:change=move |ev| state.choose(Field::EnableAgent, |f| f.enable_agent = event_target_checked(&ev)) />
            <label for=agent_id.clone()>{tr(Id::EnableAgent)}</label>
            <p id=format!("{agent_id}-reason") class="zec-hint">{move || no_agent().map(|name| text(msg::NoAgent { image: name }))}</p>
            <FieldMessage id=msg(&agent_id) message=message(Field::EnableAgent) />
        </div>
    }
}
