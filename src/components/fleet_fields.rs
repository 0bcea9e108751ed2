//! The fleet plan's fields besides the image: the login (the password field of the single
//! form, with its generator and checklist, or a key pair), QGA, the time zone, user data and
//! the snapshot taken first. A field's message shows once the user leaves it after a
//! change, or after a review attempt — never before any input.

use leptos::prelude::*;
use zec_console::i18n::{msg, Id};

use crate::i18n::{text, tr};
use zec_api::rules::{key_pair_supported, Field, USER_DATA_MAX_BYTES};
use zec_console::fleet::plan::{FleetForm, PlanCheck};
use zec_console::fleet::words;
use zec_console::form::{field_id, LoginChoice, RETENTION_CHOICES};
use zec_console::user_data::{self, UserDataKind};

use crate::app::AppContext;
use crate::components::common::FieldMessage;
use crate::components::password_field::PasswordInput;
use crate::components::snapshot_choice::retention_label;
use crate::fleet::Fleet;

/// The form's fields and the plan's check, for the messages next to them.
#[derive(Clone, Copy)]
pub struct FleetFields {
    pub fleet: Fleet,
    pub check: Memo<PlanCheck>,
}

impl FleetFields {
    pub fn id(&self, field: Field) -> String {
        let prefix = expect_context::<AppContext>().id("fleet");
        field_id(&prefix, field)
    }

    /// The rule a field breaks, once it may show.
    pub fn message(&self, field: Field) -> Option<String> {
        if !self.fleet.shows(field) {
            return None;
        }
        self.check.with(|check| {
            (check.problems.iter())
                .find(|(f, _)| *f == field)
                .map(|(_, message)| message.clone())
        })
    }

    pub fn edit(&self, change: impl FnOnce(&mut FleetForm)) {
        self.fleet.form.update(change);
    }

    /// A choice (radio, checkbox, list): changed and left at once.
    pub fn choose(&self, field: Field, change: impl FnOnce(&mut FleetForm)) {
        self.edit(change);
        self.fleet.touch(field);
    }

    fn form<T>(&self, read: impl FnOnce(&FleetForm) -> T) -> T {
        self.fleet.form.with(read)
    }
}

#[component]
pub fn FleetLogin(
    fields: FleetFields,
    #[prop(into)] takes_login: Signal<bool>,
    keys: Vec<zec_api::wire::KeyPair>,
) -> impl IntoView {
    let context = expect_context::<AppContext>();
    let radio = context.id("fleet-login");
    let key_id = fields.id(Field::KeyId);
    let login = Memo::new(move |_| fields.form(|f| f.login));
    let keys: Vec<_> = keys.into_iter().filter(key_pair_supported).collect();
    let choice = move |choice: LoginChoice, label: Id| {
        let option_id = context.id(&format!("fleet-login-{}", label.index()));
        view! { <div class="zec-option">
            <input type="radio" id=option_id.clone() name=radio.clone() prop:checked=move || login.get() == choice
                on:change=move |_| fields.choose(Field::Login, |f| f.login = choice) />
            <label for=option_id>{tr(label)}</label>
        </div> }
    };
    view! {
        <fieldset class="zec-fieldset"><legend>{tr(Id::Login)}</legend>
            <p class="zec-note" hidden=move || takes_login.get() data-testid="fleet-login-none">
                {tr(Id::FleetLoginNone)}</p>
            <div hidden=move || !takes_login.get()>
                <div class="zec-choice" role="radiogroup" aria-label=tr(Id::LoginMethod)>
                    {choice(LoginChoice::Password, Id::Password)}
                    {choice(LoginChoice::KeyPair, Id::SshKeyPair)}
                </div>
                <div hidden=move || login.get() != LoginChoice::Password>
                    <PasswordInput input_id=fields.id(Field::Password)
                        value=Signal::derive(move || fields.form(|f| f.password.clone()))
                        on_input=Callback::new(move |typed: String| fields.edit(|f| {
                            f.password = typed;
                            f.password_generated = false;
                        }))
                        on_generate=Callback::new(move |password: String| fields.choose(Field::Password, |f| {
                            f.password = password;
                            f.password_generated = true;
                        }))
                        on_leave=Callback::new(move |_| fields.fleet.touch(Field::Password))
                        message=Signal::derive(move || fields.message(Field::Password)) />
                </div>
                <div class="zec-field" hidden=move || login.get() != LoginChoice::KeyPair>
                    <label for=key_id.clone()>{tr(Id::KeyPairToInstall)}</label>
                    <select id=key_id.clone() aria-describedby=format!("{key_id}-message")
                        on:change=move |ev| {
                            let value = event_target_value(&ev);
                            fields.choose(Field::KeyId, |f| f.key_id = (!value.is_empty()).then_some(value));
                        }>
                        <option value="">{tr(Id::ChooseKeyPair)}</option>
                        {keys.into_iter().map(|k| view! { <option value=k.key_id.clone()>{k.key_name.clone()}</option> }).collect_view()}
                    </select>
                    <FieldMessage id=format!("{key_id}-message") message=Signal::derive(move || fields.message(Field::KeyId)) />
                </div>
            </div>
        </fieldset>
    }
}

#[component]
pub fn FleetSettings(fields: FleetFields, zones: Vec<String>) -> impl IntoView {
    let context = expect_context::<AppContext>();
    let (agent_id, zones_id) = (context.id("fleet-agent"), context.id("fleet-zones"));
    let (zone_id, data_id) = (fields.id(Field::Timezone), fields.id(Field::UserData));
    let kind = Memo::new(move |_| fields.form(|f| user_data::detect(&f.user_data)));
    let bytes = move || fields.form(|f| f.user_data.len());
    view! {
        <div class="zec-field zec-field-check">
            <input id=agent_id.clone() type="checkbox" prop:checked=move || fields.form(|f| f.enable_agent)
                on:change=move |ev| fields.choose(Field::EnableAgent, |f| f.enable_agent = event_target_checked(&ev)) />
            <label for=agent_id>{tr(Id::EnableAgentShort)}</label>
        </div>
        <div class="zec-field">
            <label for=zone_id.clone()>{tr(Id::TimeZone)} " " <span class="zec-optional">{tr(Id::EachKeepsOwn)}</span></label>
            <input id=zone_id.clone() type="text" list=zones_id.clone() autocomplete="off" aria-describedby=format!("{zone_id}-message")
                prop:value=move || fields.form(|f| f.timezone.clone())
                on:input=move |ev| fields.edit(|f| f.timezone = event_target_value(&ev))
                on:focusout=move |_| fields.fleet.touch(Field::Timezone) />
            <datalist id=zones_id>{zones.into_iter().map(|z| view! { <option value=z /> }).collect_view()}</datalist>
            <FieldMessage id=format!("{zone_id}-message") message=Signal::derive(move || fields.message(Field::Timezone)) />
        </div>
        <div class="zec-field">
            <label for=data_id.clone()>{tr(Id::UserData)} " " <span class="zec-optional">{tr(Id::UserDataOptional)}</span></label>
            <textarea id=data_id.clone() rows="4" spellcheck="false" aria-describedby=format!("{data_id}-message {data_id}-kind")
                prop:value=move || fields.form(|f| f.user_data.clone())
                on:input=move |ev| fields.edit(|f| f.user_data = event_target_value(&ev))
                on:focusout=move |_| fields.fleet.touch(Field::UserData)></textarea>
            <p class="zec-hint" class:zec-over={move || bytes() > USER_DATA_MAX_BYTES}>{move || text(msg::UserDataBytes { bytes: bytes(), max: USER_DATA_MAX_BYTES })}</p>
            <p id=format!("{data_id}-kind") class="zec-hint">{move || {
                let check = kind.get();
                match (check.kind, check.problem) {
                    (UserDataKind::Empty, _) => String::new(),
                    (_, Some(problem)) => problem,
                    (kind, None) => text(msg::RecognisedAs { kind: kind.label().to_owned() }),
                }
            }}</p>
            <FieldMessage id=format!("{data_id}-message") message=Signal::derive(move || fields.message(Field::UserData)) />
        </div>
        <FleetSnapshotChoice fields=fields />
    }
}

/// "Snapshot every boot disk first": on by default, as for one instance.
#[component]
fn FleetSnapshotChoice(fields: FleetFields) -> impl IntoView {
    let context = expect_context::<AppContext>();
    let (toggle_id, retention_id) = (
        context.id("fleet-snapshot-first"),
        context.id("fleet-snapshot-retention"),
    );
    let name_id = fields.id(Field::SnapshotName);
    let enabled = move || fields.form(|f| f.snapshot.enabled);
    view! {
        <fieldset class="zec-fieldset zec-snapshot">
            <legend>{tr(Id::Undo)}</legend>
            <div class="zec-field-check">
                <input id=toggle_id.clone() type="checkbox" prop:checked=enabled
                    on:change=move |ev| fields.choose(Field::SnapshotName, |f| f.snapshot.enabled = event_target_checked(&ev)) />
                <label for=toggle_id>{tr(Id::FleetSnapshotFirst)}</label>
            </div>
            <div class="zec-snapshot-options" hidden=move || !enabled()>
                <label for=retention_id.clone()>{tr(Id::KeepSnapshots)}</label>
                <select id=retention_id on:change=move |ev| {
                    let value = event_target_value(&ev);
                    fields.choose(Field::SnapshotName, |f| f.snapshot.retention_days = value.parse().ok());
                }>
                    {RETENTION_CHOICES.into_iter().map(|days| view! {
                        <option value=days.map(|d| d.to_string()).unwrap_or_default()
                            selected=move || fields.form(|f| f.snapshot.retention_days == days)>{retention_label(days)}</option>
                    }).collect_view()}
                </select>
                <label for=name_id.clone()>{tr(Id::SnapshotName)} " " <span class="zec-optional">{tr(Id::Optional)}</span></label>
                <input id=name_id.clone() type="text" autocomplete="off" spellcheck="false"
                    aria-describedby=format!("{name_id}-hint {name_id}-message")
                    prop:value=move || fields.form(|f| f.snapshot.name.clone())
                    on:input=move |ev| fields.edit(|f| f.snapshot.name = event_target_value(&ev))
                    on:focusout=move |_| fields.fleet.touch(Field::SnapshotName) />
                <p id=format!("{name_id}-hint") class="zec-hint">{move || words::snapshot_name_hint()}</p>
                <FieldMessage id=format!("{name_id}-message") message=Signal::derive(move || fields.message(Field::SnapshotName)) />
            </div>
            <p class="zec-note zec-note-warn" hidden=enabled>{tr(Id::NoSnapshotsNoUndo)}</p>
        </fieldset>
    }
}
