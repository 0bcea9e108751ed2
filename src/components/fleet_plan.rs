//! One plan for every selected instance: the image (those that fit every instance, by
//! group with their sizes, like the single picker; the others in a fold with the instances
//! they do not fit), the login, QGA, time zone, user data and the snapshots taken first.
//! Each instance keeps its own name. "Review" freezes the plan when nothing blocks it, and
//! shows every field's message when something does.

use std::sync::Arc;

use leptos::prelude::*;
use zec_console::i18n::{msg, word, Id};

use crate::i18n::{text, tr};
use zec_api::rules::Field;

use crate::app::AppContext;
use crate::browser;
use crate::components::common::{ErrorBanner, FieldMessage};
use crate::components::fleet_blockers::FleetBlockers;
use crate::components::fleet_fields::{FleetFields, FleetLogin, FleetSettings};
use crate::components::image_picker::ImageList;
use crate::fleet::Fleet;
use zec_console::fleet::{words, Event, Stage};
use zec_console::form::{field_label, Catalog, FIELD_ORDER};
use zec_console::image_choice::arrange_fleet;

#[component]
pub fn FleetPlanForm(fleet: Fleet, data: Arc<Catalog>) -> impl IntoView {
    let context = expect_context::<AppContext>();
    let policy = context.protection;
    let app = StoredValue::new(context);
    let id = move |name: &str| app.with_value(|app| app.id(name));
    let check_data = data.clone();
    let check = Memo::new(move |_| {
        let policy = policy.get();
        fleet
            .form
            .with(|f| f.check(&fleet.targets(), &check_data, &policy))
    });
    let fields = FleetFields { fleet, check };
    let takes_login = {
        let data = data.clone();
        Signal::derive(move || {
            fleet.form.with(|f| {
                f.image_id
                    .as_deref()
                    .and_then(|i| data.image(i))
                    .is_none_or(zec_api::rules::image_accepts_login)
            })
        })
    };
    let busy = move || {
        fleet.stage.with(|s| {
            matches!(
                s,
                Stage::Planning {
                    power_off: Some(_),
                    ..
                } | Stage::Planning {
                    deleting: Some(_),
                    ..
                }
            )
        })
    };
    let review_data = data.clone();
    let review = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        fleet.show_all.set(true);
        let policy = policy.get_untracked();
        let frozen = fleet.form.with_untracked(|f| {
            f.freeze(&fleet.targets(), &review_data, &policy, browser::now_unix())
        });
        match frozen {
            Ok(plan) => fleet.send(Event::Review(Box::new(plan))),
            Err(check) => {
                let first = FIELD_ORDER
                    .iter()
                    .find(|f| check.problems.iter().any(|(p, _)| p == *f));
                if let Some(field) = first {
                    let target = fields.id(*field);
                    app.with_value(|app| app.focus(&target));
                }
            }
        }
    };
    let invalid = move || -> Vec<String> {
        check.with(|c| {
            FIELD_ORDER
                .iter()
                .filter(|f| c.problems.iter().any(|(p, _)| p == *f))
                .map(|f| field_label(*f))
                .collect()
        })
    };
    let button = move || {
        let invalid = invalid();
        match fleet.show_all.get() && !invalid.is_empty() {
            true => text(msg::FixToContinue {
                fields: invalid.join(&word(Id::ListSeparator)),
            }),
            false => words::review_button(fleet.selection.with(Vec::len)),
        }
    };
    let count = move || fleet.selection.with(Vec::len);
    let image_data = data.clone();
    let choices = Memo::new(move |_| arrange_fleet(&fleet.targets(), &image_data.images));
    let chosen_name = {
        let data = data.clone();
        move || {
            fleet.form.with(|f| {
                f.image_id
                    .as_deref()
                    .and_then(|i| data.image(i))
                    .map(|i| i.image_name.clone())
            })
        }
    };
    let image_id = fields.id(Field::Image);
    let retry = Callback::new(move |_| {
        if let Some((ids, _)) = fleet.reload_error.get_untracked() {
            fleet.read_selection(ids);
        }
    });
    view! {
        <section class="zec-panel zec-fleet" aria-labelledby=id("fleet-title")>
            <button type="button" class="zec-button zec-back" on:click=move |_| fleet.send(Event::Back)>{tr(Id::BackToListArrow)}</button>
            <h2 id=id("fleet-title") tabindex="-1">{move || words::plan_title(count())}</h2>
            {move || fleet.reload_error.get().map(|(_, error)| view! { <ErrorBanner error=error retry=retry /> })}
            <FleetBlockers fleet=fleet check=check />
            <form class="zec-form" novalidate=true on:submit=review>
                <fieldset id=image_id.clone() class="zec-fieldset zec-images" tabindex="-1" aria-describedby=format!("{image_id}-message")>
                    <legend>{tr(Id::Image)}</legend>
                    <p class="zec-chosen">{tr(Id::ToInstall)} {tr(Id::SentenceGap)} <strong data-testid="fleet-chosen-image">{move || chosen_name().unwrap_or_else(|| word(Id::NoneChosenYet))}</strong></p>
                    <FieldMessage id=format!("{image_id}-message") message=Signal::derive(move || fields.message(Field::Image)) />
                    {move || {
                        let choices = choices.get();
                        let unavailable = choices.unavailable.iter().flat_map(|(_, names)| names.iter()).collect::<std::collections::BTreeSet<_>>().len();
                        view! {
                            <div class="zec-image-list" data-testid="fleet-images">
                                <ImageList choices=choices current_id=None
                                    unavailable_title=Signal::derive(move || text(msg::UnavailableForSelection { count: unavailable }))
                                    chosen=Signal::derive(move || fleet.form.with(|f| f.image_id.clone()))
                                    on_choose=Callback::new(move |choice| fields.choose(Field::Image, |f| f.image_id = choice)) />
                            </div>
                        }
                    }}
                </fieldset>
                <FleetLogin fields=fields takes_login=takes_login keys=data.key_pairs.clone() />
                <FleetSettings fields=fields zones=data.time_zones.clone().unwrap_or_default() />
                // One polite live region for the form, holding text only.
                <p class="zec-visually-hidden" role="status">{move || {
                    let invalid = !invalid().is_empty();
                    (fleet.show_all.get() && invalid).then(button)
                }}</p>
                <div class="zec-actions">
                    <button type="submit" id=id("fleet-review") class="zec-button zec-button-primary"
                        disabled=move || busy() || count() == 0 || check.with(|c| !c.blockers.is_empty())>{button}</button>
                </div>
            </form>
        </section>
    }
}
