//! One plan for every selected instance: the image (only those that fit every instance; the
//! others name the instance that blocks them), the login, QGA, time zone and user data. Each
//! instance keeps its own name. "Review" freezes the plan when nothing blocks it.

use std::sync::Arc;

use leptos::prelude::*;
use zec_api::rules::key_pair_supported;

use crate::app::AppContext;
use crate::components::fleet_blockers::FleetBlockers;
use crate::fleet::Fleet;
use zec_console::fleet::plan::{image_options, FleetForm};
use zec_console::fleet::Event;
use zec_console::form::{field_label, Catalog, LoginChoice};
use zec_console::words;

#[component]
pub fn FleetPlanForm(fleet: Fleet, data: Arc<Catalog>) -> impl IntoView {
    let context = expect_context::<AppContext>();
    let policy = context.protection;
    let app = StoredValue::new(context);
    let (form, id) = (fleet.form, move |name: &str| {
        app.with_value(|app| app.id(name))
    });
    let edit = move |change: fn(&mut FleetForm, String)| {
        move |ev| form.update(|f| change(f, event_target_value(&ev)))
    };
    let check_data = data.clone();
    let check = Memo::new(move |_| {
        let policy = policy.get();
        form.with(|f| f.check(&fleet.targets(), &check_data, &policy))
    });
    let options_data = data.clone();
    let options = Memo::new(move |_| image_options(&fleet.targets(), &options_data.images));
    let takes_login = {
        let data = data.clone();
        move || {
            form.with(|f| {
                f.image_id
                    .as_ref()
                    .and_then(|i| data.images.iter().find(|m| &m.image_id == i))
                    .is_none_or(zec_api::rules::image_accepts_login)
            })
        }
    };
    let review_data = data.clone();
    let review = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let policy = policy.get_untracked();
        let frozen = form.with_untracked(|f| f.freeze(&fleet.targets(), &review_data, &policy));
        if let Ok(plan) = frozen {
            fleet.send(Event::Review(plan));
        }
    };
    let count = move || fleet.selection.with(Vec::len);
    let keys: Vec<_> = data
        .key_pairs
        .iter()
        .filter(|k| key_pair_supported(k))
        .cloned()
        .collect();
    let zones = data.time_zones.clone().unwrap_or_default();
    view! {
        <section class="zec-panel zec-fleet" aria-labelledby=id("fleet-title")>
            <button type="button" class="zec-button zec-back" on:click=move |_| fleet.send(Event::Back)>"← Back to the list"</button>
            <h2 id=id("fleet-title") tabindex="-1">{move || format!("Reinstall {} with one plan", words::count(count(), "instance", "instances"))}</h2>
            <FleetBlockers fleet=fleet check=check />
            <form class="zec-form" novalidate=true on:submit=review>
                <fieldset class="zec-fieldset"><legend>"Image"</legend>
                    {move || options.get().into_iter().filter(|o| o.blocked_by.is_empty()).map(|o| {
                        let (option_id, image_id) = (id(&format!("fleet-image-{}", o.image.image_id)), o.image.image_id.clone());
                        let chosen = image_id.clone();
                        view! { <div class="zec-option">
                            <input type="radio" id=option_id.clone() name=id("fleet-image") prop:checked=move || form.with(|f| f.image_id.as_ref() == Some(&chosen))
                                on:change=move |_| form.update(|f| f.image_id = Some(image_id.clone())) />
                            <label for=option_id>{o.image.image_name.clone()}</label>
                        </div> }
                    }).collect_view()}
                    <details class="zec-unavailable" data-testid="fleet-unavailable-images"><summary>"Not available for this selection"</summary>
                        <ul>{move || options.get().into_iter().filter(|o| !o.blocked_by.is_empty()).map(|o| view! {
                            <li><strong>{o.image.image_name.clone()}</strong>
                                <ul>{o.blocked_by.iter().map(|b| view! { <li>{format!("{}: {}", b.instance_name, b.reason)}</li> }).collect_view()}</ul></li>
                        }).collect_view()}</ul>
                    </details>
                </fieldset>
                <fieldset class="zec-fieldset" hidden=move || !takes_login()><legend>"Login"</legend>
                    {[(LoginChoice::Password, "Password"), (LoginChoice::KeyPair, "SSH key pair")].map(|(choice, label)| {
                        let option_id = id(&format!("fleet-login-{label}"));
                        view! { <div class="zec-option">
                            <input type="radio" id=option_id.clone() name=id("fleet-login") prop:checked=move || form.with(|f| f.login == choice)
                                on:change=move |_| form.update(|f| f.login = choice) />
                            <label for=option_id>{label}</label>
                        </div> }
                    })}
                    <div class="zec-field" hidden=move || form.with(|f| f.login != LoginChoice::Password)>
                        <label for=id("fleet-password")>"New password"</label>
                        <input id=id("fleet-password") type="password" autocomplete="new-password" prop:value=move || form.with(|f| f.password.clone())
                            on:input=edit(|f, v| f.password = v) />
                    </div>
                    <div class="zec-field" hidden=move || form.with(|f| f.login != LoginChoice::KeyPair)>
                        <label for=id("fleet-key")>"Key pair"</label>
                        <select id=id("fleet-key") on:change=edit(|f, v| f.key_id = (!v.is_empty()).then_some(v))>
                            <option value="">"Choose a key pair"</option>
                            {keys.into_iter().map(|k| view! { <option value=k.key_id.clone()>{k.key_name.clone()}</option> }).collect_view()}
                        </select>
                    </div>
                </fieldset>
                <div class="zec-field zec-field-check">
                    <input id=id("fleet-agent") type="checkbox" prop:checked=move || form.with(|f| f.enable_agent)
                        on:change=move |ev| form.update(|f| f.enable_agent = event_target_checked(&ev)) />
                    <label for=id("fleet-agent")>"Enable the QEMU guest agent (QGA)"</label>
                </div>
                <div class="zec-field">
                    <label for=id("fleet-timezone")>"Time zone (empty: each keeps its own)"</label>
                    <input id=id("fleet-timezone") type="text" list=id("fleet-zones") autocomplete="off" on:change=edit(|f, v| f.timezone = v) />
                    <datalist id=id("fleet-zones")>{zones.into_iter().map(|z| view! { <option value=z /> }).collect_view()}</datalist>
                </div>
                <div class="zec-field">
                    <label for=id("fleet-user-data")>"User data (cloud-init, optional)"</label>
                    <textarea id=id("fleet-user-data") rows="4" on:input=edit(|f, v| f.user_data = v)></textarea>
                </div>
                <ul class="zec-problems">{move || check.get().problems.into_iter().map(|(field, message)| view! {
                    <li><strong>{field_label(field)}</strong> ": " {message}</li>
                }).collect_view()}</ul>
                <div class="zec-actions">
                    <button type="submit" id=id("fleet-review") class="zec-button zec-button-primary"
                        disabled=move || !check.get().is_clear()>{move || format!("Review the reinstall of {}", count())}</button>
                </div>
            </form>
        </section>
    }
}
