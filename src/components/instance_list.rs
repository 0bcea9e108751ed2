//! The instance list: name, id, zone, image, boot disk and status, searchable by name,
//! filtered and paged, with a Reinstall action per row and a checkbox to reinstall many with
//! one plan (`crate::fleet`, shown here instead of the list while it runs, so a widget that
//! shows the list has it too). The visible rows' badges follow one status stream.

use std::collections::HashMap;

use leptos::prelude::*;
use zec_console::i18n::{msg, word, Id};

use crate::i18n::{text, tr};
use zec_api::grant::Permission;
use zec_api::wire::{DescribeInstancesRequest, InstanceInfo};
use zec_api::InstanceStatus;

use crate::app::AppContext;
use crate::chunks;
use crate::components::common::{ErrorBanner, Loading, StatusBadge};
use crate::components::fleet_selection::{FilterBar, Filters, SelectAll, SelectCell, SelectionBar};
use crate::components::on_demand::{on_demand, Part};
use crate::fleet::Fleet;
use crate::live_status::watch_statuses;
use zec_console::route::Route;

pub const PAGE_SIZE: u32 = 10;

#[component]
pub fn InstanceList(
    /// The fleet, kept by the app so a panel opened from the list does not lose it.
    fleet: Fleet,
    on_open: Callback<String>,
    /// The row whose button gets the focus once shown (the panel just closed).
    focus_row: Option<String>,
) -> impl IntoView {
    let selecting = Memo::new(move |_| fleet.route() == Route::List);
    // Taken by the first render only, so typing a search keeps the focus where it is.
    let pending_focus = StoredValue::new(focus_row);
    move || match selecting.get() {
        true => view! {
            <InstanceBrowser on_open=on_open pending_focus=pending_focus fleet=fleet />
            {on_demand(Part::Activity, None, chunks::preload_activity, chunks::scope_activity)}
        }
        .into_any(),
        false => {
            // The selection stays in the fleet: back in the list, it is still checked.
            let back = Callback::new(move |_| {
                if fleet.may_leave() {
                    fleet.leave()
                }
            });
            // Read once: the fleet's view, once shown, follows the stage itself.
            let what = match fleet.is_running() {
                true => Part::Batch,
                false => Part::Plan,
            };
            on_demand(
                what,
                Some((Id::BackToList, back)),
                chunks::preload_fleet,
                move || chunks::fleet_view(fleet),
            )
        }
    }
}

#[component]
fn InstanceBrowser(
    on_open: Callback<String>,
    pending_focus: StoredValue<Option<String>>,
    fleet: Fleet,
) -> impl IntoView {
    let context = expect_context::<AppContext>();
    let (query, set_query) = signal(String::new());
    let (page, set_page) = signal(1u32);
    let filters = Filters::default();
    let api = context.api.clone();
    let instances = LocalResource::new(move || {
        let api = api.clone();
        let name = query.get().trim().to_owned();
        let mut request = DescribeInstancesRequest {
            name: (!name.is_empty()).then_some(name),
            page_size: Some(PAGE_SIZE),
            page_num: Some(page.get()),
            ..Default::default()
        };
        filters.apply(&mut request);
        async move { api.describe_instances(&request).await }
    });
    let search_id = context.id("search");
    let search_input_id = search_id.clone();

    view! {
        <section class="zec-list" aria-labelledby=context.id("list-title")>
            <header class="zec-list-header">
                <h2 id=context.id("list-title") tabindex="-1">{tr(Id::Instances)}</h2>
                <label for=search_id.clone() class="zec-search">
                    <span>{tr(Id::SearchByName)}</span>
                    <input id=search_input_id type="search" placeholder=tr(Id::SearchByNameExample) autocomplete="off"
                        prop:value=query
                        on:input=move |ev| {
                            set_query.set(event_target_value(&ev));
                            set_page.set(1);
                        } />
                </label>
            </header>
            <FilterBar filters=filters on_change=Callback::new(move |_| set_page.set(1)) />
            {move || match instances.get() {
                None => view! { <Loading what=Id::LoadingInstances /> }.into_any(),
                Some(Err(error)) => view! {
                    <ErrorBanner error=error retry=Callback::new(move |_| instances.refetch()) />
                }.into_any(),
                Some(Ok(result)) => {
                    let pages = result.total_count.div_ceil(PAGE_SIZE).max(1);
                    let rows = result.data_set;
                    view! {
                        {if rows.is_empty() {
                            view! { <p class="zec-empty">{tr(Id::NoInstanceMatches)}</p> }.into_any()
                        } else {
                            view! { <InstanceTable rows=rows fleet=fleet on_open=on_open focus_row=pending_focus.try_update_value(Option::take).flatten() /> }.into_any()
                        }}
                        // After the rows: select first, then act on the selection.
                        <SelectionBar fleet=fleet />
                        <nav class="zec-pager" aria-label=tr(Id::Pages)>
                            <button type="button" class="zec-button" disabled=move || { page.get() <= 1 }
                                on:click=move |_| set_page.update(|p| *p = p.saturating_sub(1).max(1))>{tr(Id::Previous)}</button>
                            <span>{move || text(msg::PageOf { page: page.get(), pages, count: result.total_count })}</span>
                            <button type="button" class="zec-button" disabled=move || { page.get() >= pages }
                                on:click=move |_| set_page.update(|p| *p += 1)>{tr(Id::Next)}</button>
                        </nav>
                    }.into_any()
                }
            }}
        </section>
    }
}

#[component]
fn InstanceTable(
    rows: Vec<InstanceInfo>,
    fleet: Fleet,
    on_open: Callback<String>,
    focus_row: Option<String>,
) -> impl IntoView {
    let context = expect_context::<AppContext>();
    chunks::warm_up_after_list();
    // Live statuses of the rows on this page; a row shows its listed status until then.
    let live = RwSignal::new(HashMap::<String, InstanceStatus>::new());
    let ids = rows.iter().map(|row| row.instance_id.clone()).collect();
    watch_statuses(
        context.api.clone(),
        ids,
        move |entry| {
            live.try_update(|live| live.insert(entry.instance_id, entry.instance_status));
        },
        |_| {},
    );
    let may_reinstall = context
        .permits
        .with_untracked(|p| p.allows(Permission::Reinstall));
    if let Some(id) = focus_row {
        let focus_context = context.clone();
        request_animation_frame(move || focus_context.focus(&open_button_id(&focus_context, &id)));
    }
    view! {
        <div class="zec-table-wrap">
            <table class="zec-table">
                <thead>
                    <tr>
                        <th scope="col"><SelectAll fleet=fleet rows=rows.clone() /></th>
                        <th scope="col">{tr(Id::Name)}</th>
                        <th scope="col">{tr(Id::Zone)}</th>
                        <th scope="col">{tr(Id::Image)}</th>
                        <th scope="col">{tr(Id::BootDisk)}</th>
                        <th scope="col">{tr(Id::Status)}</th>
                        <th scope="col"><span class="zec-visually-hidden">{tr(Id::Actions)}</span></th>
                    </tr>
                </thead>
                <tbody>
                    {rows.into_iter().map(|instance| {
                        let id = instance.instance_id.clone();
                        // Without the permission the panel still shows the instance, its
                        // snapshots and why it cannot be reinstalled.
                        let name = instance.display_name().to_owned();
                        let verb = move || if may_reinstall { word(Id::Reinstall) } else { word(Id::Open) };
                        let label = move || if may_reinstall { text(msg::ReinstallName { name: name.clone() }) } else { text(msg::OpenName { name: name.clone() }) };
                        let (listed, watched) = (instance.status.clone(), id.clone());
                        let status = Signal::derive(move || {
                            live.with(|live| live.get(&watched).cloned()).unwrap_or_else(|| listed.clone())
                        });
                        view! {
                            <tr data-instance-id=instance.instance_id.clone()>
                                <td data-label=tr(Id::Select)><SelectCell fleet=fleet instance=instance.clone() /></td>
                                <td data-label=tr(Id::Name)>
                                    <span class="zec-name">{let name = instance.instance_name.clone(); move || if name.is_empty() { word(Id::NoName) } else { name.clone() }}</span>
                                    <span class="zec-id">{instance.instance_id.clone()}</span>
                                </td>
                                <td data-label=tr(Id::Zone)>{instance.zone_id.clone()}</td>
                                <td class="zec-image-cell" data-label=tr(Id::Image)>{instance.image_name.clone()}</td>
                                <td data-label=tr(Id::BootDisk)>{text(msg::GiB { size: instance.system_disk.disk_size.to_string() })}</td>
                                <td data-label=tr(Id::Status)><StatusBadge status=status /></td>
                                <td class="zec-row-actions">
                                    <button type="button" class="zec-button" aria-label=label id=open_button_id(&context, &id)
                                        on:click=move |_| on_open.run(id.clone())>{verb}</button>
                                </td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

fn open_button_id(context: &AppContext, instance_id: &str) -> String {
    context.id(&format!("open-{instance_id}"))
}
