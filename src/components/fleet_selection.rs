//! Choosing instances in the list for one plan: filters (zone, image, status; applied by
//! DescribeInstances itself), a checkbox per row, select-all on the page, and "Reinstall N
//! selected…". A protected instance shows a lock with the reason instead of a checkbox.

use std::collections::BTreeMap;

use leptos::prelude::*;
use zec_console::i18n::{msg, Id};

use crate::i18n::{text, tr};
use zec_api::grant::Permission;
use zec_api::rules::{protection, MAX_PAGE_SIZE};
use zec_api::wire::{DescribeInstancesRequest, InstanceInfo};
use zec_api::InstanceStatus;

use crate::app::AppContext;
use crate::components::common::LockIcon;
use crate::fleet::Fleet;

/// The list's filters; `None` shows all.
#[derive(Clone, Copy)]
pub struct Filters {
    pub zone: RwSignal<Option<String>>,
    pub image: RwSignal<Option<String>>,
    pub status: RwSignal<Option<InstanceStatus>>,
}

impl Default for Filters {
    fn default() -> Filters {
        Filters {
            zone: RwSignal::new(None),
            image: RwSignal::new(None),
            status: RwSignal::new(None),
        }
    }
}

impl Filters {
    /// Puts the filters into the listing request.
    pub fn apply(&self, request: &mut DescribeInstancesRequest) {
        request.zone_id = self.zone.get();
        request.image_id = self.image.get();
        request.status = self.status.get();
    }
}

/// The zones and images the account's instances use: one listing of the largest page.
#[component]
pub fn FilterBar(filters: Filters, on_change: Callback<()>) -> impl IntoView {
    let context = expect_context::<AppContext>();
    let api = context.api.clone();
    let choices = LocalResource::new(move || {
        let api = api.clone();
        async move {
            let request = DescribeInstancesRequest {
                page_size: Some(MAX_PAGE_SIZE),
                ..Default::default()
            };
            let listed = api
                .describe_instances(&request)
                .await
                .map(|page| page.data_set)
                .unwrap_or_default();
            let zones = options(
                listed
                    .iter()
                    .map(|i| (i.zone_id.clone(), Signal::stored(i.zone_id.clone())))
                    .collect(),
            );
            let images = options(
                listed
                    .iter()
                    .map(|i| (i.image_id.clone(), Signal::stored(i.image_name.clone())))
                    .collect(),
            );
            (zones, images)
        }
    });
    // The statuses' words follow the locale (the zones' and images' names are data).
    let statuses = options(
        InstanceStatus::KNOWN
            .iter()
            .map(|s| {
                (
                    s.to_string(),
                    Signal::derive(move || zec_console::words::status(s)),
                )
            })
            .collect(),
    );
    let app = StoredValue::new(context.clone());
    let select = move |label: Id,
                       options: BTreeMap<String, Signal<String>>,
                       set: Callback<Option<String>>| {
        // The message's number names the filter (Debug would bring every id's name along).
        let id = app.with_value(|app| app.id(&format!("filter-{}", label.index())));
        let label_for = id.clone();
        view! {
            <label for=label_for class="zec-filter"><span>{tr(label)}</span>
                <select id=id on:change=move |ev| {
                    let value = event_target_value(&ev);
                    set.run((!value.is_empty()).then_some(value));
                    on_change.run(());
                }>
                    <option value="">{tr(Id::All)}</option>
                    {options.into_iter().map(|(value, text)| view! { <option value=value>{text}</option> }).collect_view()}
                </select>
            </label>
        }
    };
    let (zone, image, status) = (filters.zone, filters.image, filters.status);
    view! {
        <div class="zec-filters" role="group" aria-label=tr(Id::Filters)>
            {move || choices.get().map(|(zones, images)| view! {
                {select(Id::Zone, zones, Callback::new(move |v| zone.set(v)))}
                {select(Id::Image, images, Callback::new(move |v| image.set(v)))}
            })}
            {select(Id::Status, statuses, Callback::new(move |v: Option<String>| status.set(v.map(InstanceStatus::from))))}
        </div>
    }
}

/// "N selected", "Clear", and "Reinstall N selected…", which opens the plan (shown once
/// something is selected). Only the count is a live region.
#[component]
pub fn SelectionBar(fleet: Fleet) -> impl IntoView {
    let context = expect_context::<AppContext>();
    let count = move || fleet.selection.with(Vec::len);
    let permits = context.permits;
    let not_permitted = move || permits.with(|p| p.why_not(Permission::Reinstall));
    move || {
        if let Some(why) = not_permitted() {
            return view! { <p class="zec-hint" data-testid="fleet-not-permitted">{why}</p> }
                .into_any();
        }
        let context = context.clone();
        view! {
        <div class="zec-selection-bar">
            <span role="status" data-testid="selected-count">{move || text(msg::Selected { n: count() })}</span>
            <button type="button" class="zec-button" hidden=move || count() == 0
                on:click=move |_| fleet.selection.set(vec![])>{tr(Id::ClearSelection)}</button>
            <button type="button" id=context.id("fleet-plan") class="zec-button zec-button-primary" hidden=move || count() == 0
                on:click=move |_| fleet.open()>{move || text(msg::ReinstallSelected { n: count() })}</button>
        </div>
        }.into_any()
    }
}

/// A row's checkbox, or the lock of a protected instance (never selectable).
#[component]
pub fn SelectCell(fleet: Fleet, instance: InstanceInfo) -> impl IntoView {
    let context = expect_context::<AppContext>();
    let (policy, permits) = (context.protection, context.permits);
    let name = instance.display_name().to_owned();
    let id = instance.instance_id.clone();
    move || {
        // Nothing to select for when the session may not reinstall (the bar says why).
        if !permits.with(|p| p.allows(Permission::Reinstall)) {
            return ().into_any();
        }
        match protection(&instance, &policy.get()) {
        Some(by) => view! {
            <span class="zec-lock" title=zec_console::i18n::protected(&id, &by) data-testid="protected">
                <LockIcon /> " " {tr(Id::ProtectedWord)} <span class="zec-visually-hidden">{text(msg::WithColon { label: String::new() })}{zec_console::i18n::protected(&id, &by)}</span>
            </span>
        }.into_any(),
        None => {
            let (instance, id) = (instance.clone(), id.clone());
            view! {
                <input type="checkbox" aria-label=text(msg::SelectName { name: name.clone() })
                    prop:checked=move || fleet.is_selected(&id)
                    on:change=move |ev| fleet.toggle(&instance, event_target_checked(&ev)) />
            }.into_any()
        }
    }
    }
}

/// Selects (or clears) every selectable row of the page.
#[component]
pub fn SelectAll(fleet: Fleet, rows: Vec<InstanceInfo>) -> impl IntoView {
    let context = expect_context::<AppContext>();
    let (policy, permits) = (context.protection, context.permits);
    let selectable = move || -> Vec<InstanceInfo> {
        let policy = policy.get();
        rows.iter()
            .filter(|i| protection(i, &policy).is_none())
            .cloned()
            .collect()
    };
    let all = {
        let selectable = selectable.clone();
        move || {
            let rows = selectable();
            !rows.is_empty() && rows.iter().all(|i| fleet.is_selected(&i.instance_id))
        }
    };
    view! {
        <input type="checkbox" aria-label=tr(Id::SelectAllOnPage) prop:checked=all
            hidden=move || !permits.with(|p| p.allows(Permission::Reinstall))
            on:change=move |ev| {
                let on = event_target_checked(&ev);
                selectable().iter().for_each(|i| fleet.toggle(i, on));
            } />
    }
}

/// A filter's options by value, the last label for a value kept. Inserted one by one:
/// collecting into a `BTreeMap` sorts first, and each such sort is code of its own in the
/// first download (docs/size.md).
fn options(pairs: Vec<(String, Signal<String>)>) -> BTreeMap<String, Signal<String>> {
    let mut options = BTreeMap::new();
    for (value, label) in pairs {
        options.insert(value, label);
    }
    options
}
