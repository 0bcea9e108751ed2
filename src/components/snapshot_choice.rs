//! "Snapshot the boot disk first (recommended)": on by default, with how long it is kept and
//! its name, so the reinstall can be rolled back.

use leptos::prelude::*;
use zec_console::i18n::{msg, word, Id};

use crate::i18n::{text, tr};
use zec_api::grant::Permission;
use zec_api::rules::Field;

use crate::app::AppContext;
use crate::browser;
use crate::components::common::FieldMessage;
use crate::session::FormState;
use zec_console::form::{default_snapshot_name, field_id, RETENTION_CHOICES};

pub fn retention_label(days: Option<u32>) -> String {
    match days {
        Some(days) => text(msg::RetentionDays { days }),
        None => word(Id::RetentionForever),
    }
}

/// `spare`: the snapshot a plan that was not sent took, which the next plan uses.
#[component]
pub fn SnapshotChoiceField(state: FormState, spare: Signal<Option<String>>) -> impl IntoView {
    let context = expect_context::<AppContext>();
    let permits = context.permits;
    // Without the permission the snapshot is not taken, and the form says why.
    let not_permitted = move || permits.with(|p| p.why_not(Permission::Snapshot));
    let toggle_id = context.id("snapshot-first");
    let retention_id = context.id("snapshot-retention");
    let name_id = field_id(&context.id_prefix, Field::SnapshotName);
    let label = state
        .instance
        .with_untracked(|instance| instance.display_name().to_owned());
    let default_name = default_snapshot_name(&label, browser::now_unix());
    let enabled = move || state.form.with(|f| f.snapshot.enabled) && not_permitted().is_none();
    let message_id = format!("{name_id}-message");

    view! {
        <fieldset class="zec-fieldset zec-snapshot">
            <legend>{tr(Id::Undo)}</legend>
            <div class="zec-field-check">
                <input id=toggle_id.clone() type="checkbox" prop:checked=enabled
                    disabled=move || not_permitted().is_some()
                    on:change=move |ev| state.choose(Field::SnapshotName, |f| f.snapshot.enabled = event_target_checked(&ev)) />
                <label for=toggle_id>{tr(Id::SnapshotFirst)}</label>
            </div>
            <div class="zec-snapshot-options" hidden=move || !enabled()>
                <label for=retention_id.clone()>{tr(Id::KeepSnapshot)}</label>
                <select id=retention_id on:change=move |ev| {
                    let value = event_target_value(&ev);
                    state.choose(Field::SnapshotName, |f| f.snapshot.retention_days = value.parse().ok());
                }>
                    {RETENTION_CHOICES.into_iter().map(|days| view! {
                        <option value=days.map(|d| d.to_string()).unwrap_or_default()
                            selected=move || state.form.with(|f| f.snapshot.retention_days == days)>{move || retention_label(days)}</option>
                    }).collect_view()}
                </select>
                <label for=name_id.clone()>{tr(Id::SnapshotName)}</label>
                <input id=name_id.clone() type="text" autocomplete="off" spellcheck="false" placeholder=default_name
                    aria-describedby=message_id.clone()
                    aria-invalid=move || state.is_invalid(Field::SnapshotName).to_string()
                    prop:value=move || state.form.with(|f| f.snapshot.name.clone())
                    on:input=move |ev| state.edit(Field::SnapshotName, |f| f.snapshot.name = event_target_value(&ev))
                    on:focusout=move |ev| state.left(Field::SnapshotName, &ev) />
                <FieldMessage id=message_id message=Signal::derive(move || state.message(Field::SnapshotName)) />
            </div>
            <p class="zec-note" data-testid="spare-snapshot" hidden=move || !enabled() || spare.with(Option::is_none)>{move || spare.get()}</p>
            <p class="zec-note zec-note-warn" hidden=enabled>{tr(Id::NoSnapshotNoUndo)}</p>
            {move || not_permitted().map(|why| view! { <p class="zec-hint" data-testid="snapshot-not-permitted">{why}</p> })}
        </fieldset>
    }
}
