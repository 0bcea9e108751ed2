//! The image picker: closed by default, showing the image that will be installed (marked
//! "current" when it is the instance's own). Opened, it offers a search, the usable images
//! by category with their sizes and descriptions, custom images in their own group, and one
//! fold with every image that cannot be used here, each reason stated once. `ImageList` is
//! the opened part, for any form (one instance's, a fleet's).

use leptos::prelude::*;
use zec_console::i18n::{msg, word, Id};

use crate::i18n::{text, tr};
use zec_api::rules::Field;
use zec_api::wire::Image;

use crate::app::AppContext;
use crate::components::common::{gib, FieldMessage};
use crate::session::FormState;
use zec_console::form::field_id;
use zec_console::image_choice::{arrange, matches, ImageChoices};

#[component]
pub fn ImagePicker(state: FormState) -> impl IntoView {
    let context = expect_context::<AppContext>();
    let group_id = field_id(&context.id_prefix, Field::Image);
    let message_id = format!("{group_id}-message");
    let choices = state.with_context_untracked(|context| arrange(context.instance, context.images));
    let unavailable = choices
        .unavailable
        .iter()
        .map(|(_, names)| names.len())
        .sum::<usize>();
    let chosen = move || {
        state.with_context(|context| {
            let instance = context.instance;
            let image = state.form.with(|form| form.image_to_install(context));
            let name = image.map_or_else(|| instance.image_name.clone(), |i| i.image_name.clone());
            let is_current = image.is_none_or(|i| i.image_id == instance.image_id);
            if is_current {
                text(msg::ImageCurrentName { name })
            } else {
                name
            }
        })
    };
    let current_id = state
        .instance
        .with_untracked(|instance| instance.image_id.clone());
    let described_by = message_id.clone();

    view! {
        <fieldset id=group_id.clone() class="zec-fieldset zec-images" tabindex="-1"
            aria-invalid=move || state.is_invalid(Field::Image).to_string() aria-describedby=described_by>
            <legend>{tr(Id::Image)}</legend>
            <p class="zec-chosen">{tr(Id::ToInstall)} {tr(Id::SentenceGap)} <strong data-testid="chosen-image">{chosen}</strong></p>
            <FieldMessage id=message_id message=Signal::derive(move || state.message(Field::Image)) />
            <details class="zec-image-list">
                <summary id=context.id("image-toggle")>{tr(Id::ChangeImage)}</summary>
                <ImageList choices=choices current_id=Some(current_id)
                    unavailable_title=Signal::derive(move || text(msg::UnavailableImages { count: unavailable }))
                    chosen=Signal::derive(move || state.form.with(|f| f.image_id.clone()))
                    on_choose=Callback::new(move |choice| state.choose(Field::Image, |f| f.image_id = choice)) />
            </details>
        </fieldset>
    }
}

/// The search, the usable images by group, and the fold of unusable ones. `current_id`: the
/// instance's own image, marked "current" and chosen by "keep" (`None` is chosen).
#[component]
pub fn ImageList(
    choices: ImageChoices,
    current_id: Option<String>,
    #[prop(into)] unavailable_title: Signal<String>,
    #[prop(into)] chosen: Signal<Option<String>>,
    on_choose: Callback<Option<String>>,
) -> impl IntoView {
    let context = expect_context::<AppContext>();
    let (query, set_query) = signal(String::new());
    let ImageChoices {
        current,
        usable,
        unavailable,
    } = choices;
    let all_names: Vec<String> = usable
        .iter()
        .flat_map(|(_, images)| images.iter().map(|i| i.image_name.clone()))
        .collect();
    let none_match = move || {
        let q = query.get();
        !q.trim().is_empty() && !all_names.iter().any(|name| matches(name, &q))
    };
    let search_id = context.id("image-search");
    let radio_name = context.id("image-choice");
    let keep = current.map(|image| (word(Id::CurrentImage), vec![image]));
    let search_for = search_id.clone();
    view! {
        <label for=search_for class="zec-search">
            <span>{tr(Id::SearchImages)}</span>
            <input id=search_id type="search" placeholder=tr(Id::SearchImagesExample) autocomplete="off"
                on:input=move |ev| set_query.set(event_target_value(&ev))
                on:keydown=|ev: leptos::ev::KeyboardEvent| {
                    // A search box clears itself on Escape; keep what was typed.
                    if ev.key() == "Escape" { ev.prevent_default(); }
                } />
        </label>
        <p class="zec-empty" hidden=move || !none_match()>{move || text(msg::NoImageMatches { query: query.get().trim().to_owned() })}</p>
        {keep.into_iter().chain(usable).map(|(title, images)| view! {
            <ImageGroup title=title images=images query=query radio_name=radio_name.clone()
                current_id=current_id.clone() chosen=chosen on_choose=on_choose />
        }).collect_view()}
        {(!unavailable.is_empty()).then(|| view! {
            <details class="zec-unavailable" data-testid="unavailable-images">
                <summary>{unavailable_title}</summary>
                <ul>{unavailable.into_iter().map(|(reason, names)| view! {
                    <li><span class="zec-reason">{reason}</span> " " {names.join(&word(Id::ListSeparator))}</li>
                }).collect_view()}</ul>
            </details>
        })}
    }
}

/// One group of selectable images.
#[component]
fn ImageGroup(
    title: String,
    images: Vec<Image>,
    query: ReadSignal<String>,
    radio_name: String,
    current_id: Option<String>,
    chosen: Signal<Option<String>>,
    on_choose: Callback<Option<String>>,
) -> impl IntoView {
    let context = expect_context::<AppContext>();
    let names: Vec<String> = images.iter().map(|i| i.image_name.clone()).collect();
    let visible = move || names.iter().any(|name| matches(name, &query.get()));
    let label = title.clone();
    view! {
        <div class="zec-image-group" role="group" aria-label=label hidden=move || !visible()>
            <h3 class="zec-group-title">{title}</h3>
            {images.into_iter().map(|image| {
                let option_id = context.id(&format!("image-{}", image.image_id));
                let name = image.image_name.clone();
                let is_current = current_id.as_deref() == Some(image.image_id.as_str());
                // The current image is chosen by "keep": no imageId is sent.
                let choice = (!is_current).then(|| image.image_id.clone());
                let (checked_choice, picked) = (choice.clone(), choice);
                let size = image.size_gib().map(gib).unwrap_or_else(|| format!("{} GiB", image.image_size));
                view! {
                    <div class="zec-option" hidden=move || !matches(&name, &query.get()) data-image-id=image.image_id.clone()>
                        <input type="radio" id=option_id.clone() name=radio_name.clone()
                            prop:checked=move || chosen.with(|c| *c == checked_choice)
                            on:change=move |_| on_choose.run(picked.clone()) />
                        <label for=option_id>
                            <span class="zec-option-name">{image.image_name.clone()}</span>
                            {is_current.then_some(view! { <span class="zec-tag">{tr(Id::CurrentTag)}</span> })}
                            <span class="zec-option-meta">{format!("{size} · {}", image.os_type)}</span>
                            {image.image_description.clone().filter(|d| *d != image.image_name).map(|d| view! { <span class="zec-option-description">{d}</span> })}
                        </label>
                    </div>
                }
            }).collect_view()}
        </div>
    }
}
