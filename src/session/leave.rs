//! What leaving the panel would leave behind, and the questions asked first: a generated
//! password not saved, a confirmed reinstall on its way or not sent (`Panel::leave_risk`),
//! changes typed and not sent. The same on "← All instances", Back, reload and tab close;
//! and the other tabs hear that this one lets go of its plan when the tab goes.

use leptos::prelude::*;
use send_wrapper::SendWrapper;
use wasm_bindgen::prelude::*;
use zec_console::session::{LeaveRisk, Panel};

use super::Session;

impl Session {
    /// Changes the user made that were not sent (asked about before they are thrown away).
    pub fn has_unsent_changes(&self) -> bool {
        self.panel.with_untracked(Panel::form_is_open) && self.form.is_changed()
    }

    /// A generated password the user has not said is saved: leaving would lose it.
    pub fn has_unsaved_password(&self) -> bool {
        self.handover
            .try_with_untracked(Option::is_some)
            .unwrap_or(false)
    }

    /// What leaving would leave behind besides the form (a confirmed reinstall).
    pub fn leave_risk(&self) -> Option<LeaveRisk> {
        self.panel.try_with_untracked(Panel::leave_risk).flatten()
    }

    /// The question to ask before leaving, if any.
    pub fn leave_question(&self) -> Option<String> {
        if self.has_unsaved_password() {
            return Some(zec_console::i18n::text(
                zec_console::i18n::msg::PasswordNotSaved,
            ));
        }
        if let Some(risk) = self.leave_risk() {
            let name = self
                .instance
                .with_untracked(|instance| instance.display_name().to_owned());
            return Some(risk.question(&name));
        }
        self.has_unsent_changes()
            .then(|| zec_console::i18n::text(zec_console::i18n::msg::ChangesNotSent))
    }

    /// Asks first when leaving would leave something behind; `true` when the user agrees
    /// to leave (or nothing would be lost).
    pub fn confirm_leave(&self) -> bool {
        match self.leave_question() {
            Some(question) => window().confirm_with_message(&question).unwrap_or(false),
            None => true,
        }
    }

    /// Asks before a reload or close leaves anything behind; once the tab goes, the other
    /// tabs hear that it no longer holds a plan (the plan itself stays kept for this tab).
    pub(super) fn guard_unload(&self) {
        let session = *self;
        let before = Closure::<dyn FnMut(web_sys::BeforeUnloadEvent)>::new(
            move |event: web_sys::BeforeUnloadEvent| {
                let alive = session.panel.try_get_untracked().is_some();
                if alive && session.leave_question().is_some() {
                    event.prevent_default();
                    event.set_return_value("unsent changes");
                }
            },
        );
        let gone = Closure::<dyn FnMut()>::new(move || {
            let _ = session.tabs.try_with_value(|tabs| tabs.release());
        });
        let window = window();
        let _ = window
            .add_event_listener_with_callback("beforeunload", before.as_ref().unchecked_ref());
        let _ = window.add_event_listener_with_callback("pagehide", gone.as_ref().unchecked_ref());
        let held = SendWrapper::new((before, gone));
        on_cleanup(move || {
            let (before, gone) = held.take();
            let window = leptos::prelude::window();
            let _ = window.remove_event_listener_with_callback(
                "beforeunload",
                before.as_ref().unchecked_ref(),
            );
            let _ = window
                .remove_event_listener_with_callback("pagehide", gone.as_ref().unchecked_ref());
        });
    }
}
