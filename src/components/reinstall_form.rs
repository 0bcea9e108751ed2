//! The reinstall form: image, login, and the optional settings, with each rule's message
//! next to its field. Submitting it asks the session to review, which freezes the plan.

use leptos::prelude::*;
use zec_console::i18n::{msg, word, Id};

use crate::i18n::text;

use zec_api::grant::Permission;
use zec_api::InstanceStatus;

use crate::app::AppContext;
use crate::components::image_picker::ImagePicker;
use crate::components::login_section::LoginSection;
use crate::components::settings::Settings;
use crate::components::snapshot_choice::SnapshotChoiceField;
use crate::components::user_data_field::UserDataField;
use crate::session::Session;
use zec_console::form::{field_label, FIELD_ORDER};
use zec_console::session::Activity;

#[component]
pub fn ReinstallFormView(session: Session) -> impl IntoView {
    let context = expect_context::<AppContext>();
    let state = session.form;
    let stopped = move || session.status.get() == InstanceStatus::Stopped;
    let busy = move || {
        session
            .panel
            .with(|panel| matches!(panel.activity, Activity::Submitting(_)))
    };
    let spare = Signal::derive(move || {
        session.panel.with(|panel| {
            panel.spare.as_ref().map(|taken| {
                text(msg::SpareSnapshot {
                    name: taken.snapshot_name.clone(),
                    taken: crate::i18n::date_time_ms(taken.taken_at),
                })
            })
        })
    });
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        session.review();
    };
    let protection = context.protection;
    let protected = move || {
        let policy = protection.get();
        session
            .instance
            .with(|instance| crate::components::panel_header::protected_by(&policy, instance))
    };
    let button_label = move || {
        if let Some(reason) = protected() {
            return text(msg::ProtectedButton { reason });
        }
        if !stopped() {
            return word(Id::PowerOffToReinstall);
        }
        let invalid: Vec<String> = state.violations.with(|violations| {
            FIELD_ORDER
                .iter()
                .filter(|field| violations.contains_key(field))
                .map(|field| field_label(*field))
                .collect()
        });
        if state.show_all.get() && !invalid.is_empty() {
            return text(msg::FixToContinue {
                fields: invalid.join(&word(Id::ListSeparator)),
            });
        }
        word(Id::ReviewAndReinstall)
    };

    // Without the permission the form is not offered at all: why, instead of a form that
    // could only be refused.
    if let Err(why) = session.permits().check(Permission::Reinstall) {
        return view! {
            <div class="zec-banner zec-banner-warn" role="status" data-testid="not-permitted">
                <p>{move || text(msg::ReinstallNotAvailable { why: why.to_string() })}</p>
            </div>
        }
        .into_any();
    }
    view! {
        <form class="zec-form" novalidate=true on:submit=on_submit>
            <ImagePicker state=state />
            <LoginSection state=state />
            <Settings session=session />
            <UserDataField state=state />
            <SnapshotChoiceField state=state spare=spare />
            // One polite live region for the whole form, instead of one per field.
            <p class="zec-visually-hidden" role="status" aria-live="polite">{move || {
                let invalid = state.violations.with(|violations| !violations.is_empty());
                (state.show_all.get() && invalid && stopped() && protected().is_none()).then(button_label)
            }}</p>
            <div class="zec-actions">
                <button type="submit" id=context.id("review") class="zec-button zec-button-primary"
                    disabled=move || !stopped() || busy() || protected().is_some()>{button_label}</button>
            </div>
        </form>
    }
    .into_any()
}
