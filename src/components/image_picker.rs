//! The image picker: "keep the current image" or any image, searchable and grouped by
//! category. Images the API would refuse are shown disabled with the reason.

use std::collections::BTreeMap;

use leptos::prelude::*;
use zec_api::rules::{self, Field};
use zec_api::wire::Image;

use crate::app::AppContext;
use crate::components::common::{gib, FieldMessage};
use crate::form::field_id;
use crate::session::FormState;

#[component]
pub fn ImagePicker(state: FormState) -> impl IntoView {
    let context = expect_context::<AppContext>();
    let data = state.data.get_untracked();
    let group_id = field_id(&context.id_prefix, Field::Image);
    let message_id = format!("{group_id}-message");
    let radio_name = context.id("image-choice");
    let (query, set_query) = signal(String::new());
    let current_name = data.instance.image_name.clone();

    // Each image with the reason it cannot be installed, if any; grouped by category.
    let current_os = data
        .context()
        .current_image()
        .map(|image| image.os_type.clone());
    let groups: BTreeMap<String, Vec<(Image, Option<String>)>> =
        data.images
            .iter()
            .fold(BTreeMap::new(), |mut groups, image| {
                let refusal = rules::check_image(image, &data.instance, current_os.as_ref())
                    .err()
                    .map(|v| v.message);
                groups
                    .entry(image.category.clone())
                    .or_default()
                    .push((image.clone(), refusal));
                groups
            });

    let keep_id = context.id("image-keep");
    let search_id = context.id("image-search");
    let search_input_id = search_id.clone();
    let described_by = message_id.clone();
    let name_for_keep = radio_name.clone();
    view! {
        <fieldset id=group_id.clone() class="zec-fieldset zec-images" tabindex="-1"
            aria-invalid=move || state.is_invalid(Field::Image).to_string() aria-describedby=described_by>
            <legend>"Image"</legend>
            <label for=search_id.clone() class="zec-search">
                <span>"Search images"</span>
                <input id=search_input_id type="search" placeholder="e.g. Ubuntu" autocomplete="off"
                    on:input=move |ev| set_query.set(event_target_value(&ev))
                    on:keydown=|ev: leptos::ev::KeyboardEvent| {
                        // A search box clears itself on Escape; keep what was typed.
                        if ev.key() == "Escape" { ev.prevent_default(); }
                    } />
            </label>
            <div class="zec-option">
                <input type="radio" id=keep_id.clone() name=name_for_keep
                    prop:checked=move || state.form.with(|f| f.image_id.is_none())
                    on:change=move |_| state.edit(Field::Image, |f| f.image_id = None) />
                <label for=keep_id>{format!("Keep the current image ({current_name})")}</label>
            </div>
            <FieldMessage id=message_id message=Signal::derive(move || state.message(Field::Image)) />
            {groups.into_iter().map(|(category, images)| {
                let radio_name = radio_name.clone();
                let context = context.clone();
                let in_group = images.iter().map(|(image, _)| image.image_name.to_lowercase()).collect::<Vec<_>>();
                let group_visible = move || {
                    let q = query.get().to_lowercase();
                    q.is_empty() || in_group.iter().any(|name| name.contains(&q))
                };
                view! {
                    <div class="zec-image-group" role="group" aria-label=category.clone() hidden=move || !group_visible()>
                        <h3 class="zec-group-title">{category.clone()}</h3>
                        {images.into_iter().map(|(image, refusal)| {
                            let option_id = context.id(&format!("image-{}", image.image_id));
                            let reason_id = format!("{option_id}-reason");
                            let lower = image.image_name.to_lowercase();
                            let visible = move || { let q = query.get().to_lowercase(); q.is_empty() || lower.contains(&q) };
                            let image_id = image.image_id.clone();
                            let selected_id = image.image_id.clone();
                            let size = image.size_gib().map(gib).unwrap_or_else(|| format!("{} GiB", image.image_size));
                            let disabled = refusal.is_some();
                            view! {
                                <div class="zec-option" class:zec-disabled=disabled hidden=move || !visible()
                                    data-image-id=image.image_id.clone()>
                                    <input type="radio" id=option_id.clone() name=radio_name.clone() disabled=disabled
                                        aria-describedby=refusal.as_ref().map(|_| reason_id.clone())
                                        prop:checked=move || state.form.with(|f| f.image_id.as_deref() == Some(selected_id.as_str()))
                                        on:change=move |_| state.edit(Field::Image, |f| f.image_id = Some(image_id.clone())) />
                                    <label for=option_id>
                                        <span class="zec-option-name">{image.image_name.clone()}</span>
                                        <span class="zec-option-meta">{format!("{size} · {} · {}", image.os_type, image.image_status)}</span>
                                    </label>
                                    {refusal.map(|reason| view! { <p id=reason_id class="zec-reason">{reason}</p> })}
                                </div>
                            }
                        }).collect_view()}
                    </div>
                }
            }).collect_view()}
        </fieldset>
    }
}
