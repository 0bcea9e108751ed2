//! The form's reactive state: the values, which messages show, and the API's answers per
//! field. The form itself (`zec_console::form`) is data; this is its signals.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use zec_api::rules::{Field, Violation};
use zec_api::wire::InstanceInfo;
use zec_console::form::{Catalog, FormContext, ReinstallForm};

use crate::api::{ApiClient, ApiError};

/// What the panel loads: the instance and the catalog, in one round trip.
pub async fn load_panel(
    api: &ApiClient,
    instance_id: &str,
) -> Result<(InstanceInfo, Catalog), ApiError> {
    let (instance, images, key_pairs, time_zones) = futures::try_join!(
        api.instance(instance_id),
        api.images(),
        api.key_pairs(),
        api.time_zones()
    )?;
    let catalog = Catalog {
        images,
        key_pairs,
        time_zones: Some(time_zones),
    };
    Ok((instance, catalog))
}

#[derive(Clone, Copy)]
pub struct FormState {
    pub form: RwSignal<ReinstallForm>,
    /// Fields the user has left after changing: their messages show.
    pub touched: RwSignal<HashSet<Field>>,
    /// After a review attempt every message shows.
    pub show_all: RwSignal<bool>,
    /// What the API answered, per field, until the field changes.
    pub server_errors: RwSignal<HashMap<Field, String>>,
    pub violations: Memo<HashMap<Field, Violation>>,
    /// The instance as the session last saw it.
    pub instance: Memo<InstanceInfo>,
    pub catalog: StoredValue<Arc<Catalog>>,
    /// Images the API said have no QGA agent (the app's, for the page's life).
    without_agent: RwSignal<HashSet<String>>,
}

impl FormState {
    /// Starts from the instance's current settings.
    pub fn new(
        instance: Memo<InstanceInfo>,
        catalog: StoredValue<Arc<Catalog>>,
        without_agent: RwSignal<HashSet<String>>,
    ) -> FormState {
        let form = RwSignal::new(instance.with_untracked(ReinstallForm::for_instance));
        let violations = Memo::new(move |_| {
            let catalog = catalog.get_value();
            instance.with(|instance| {
                without_agent.with(|without| {
                    form.with(|form| form.violations(&catalog.context(instance, without)))
                })
            })
        });
        FormState {
            form,
            touched: RwSignal::new(HashSet::new()),
            show_all: RwSignal::new(false),
            server_errors: RwSignal::new(HashMap::new()),
            violations,
            instance,
            catalog,
            without_agent,
        }
    }

    /// Runs `read` with the form's view of the world, tracking it.
    pub fn with_context<T>(&self, read: impl FnOnce(&FormContext<'_>) -> T) -> T {
        let catalog = self.catalog.get_value();
        self.instance.with(|instance| {
            self.without_agent
                .with(|without| read(&catalog.context(instance, without)))
        })
    }

    /// The same without tracking (in event handlers).
    pub fn with_context_untracked<T>(&self, read: impl FnOnce(&FormContext<'_>) -> T) -> T {
        let catalog = self.catalog.get_value();
        self.instance.with_untracked(|instance| {
            self.without_agent
                .with_untracked(|without| read(&catalog.context(instance, without)))
        })
    }

    /// Changes the form as the user did in `field`.
    /// Typing: the value changes, the API's old answer about the field goes away, and the
    /// rule's message waits until the field is left (`touch`).
    pub fn edit(&self, field: Field, change: impl FnOnce(&mut ReinstallForm)) {
        self.form.update(change);
        self.server_errors.update(|errors| {
            errors.remove(&field);
        });
    }

    /// A choice (radio, checkbox, list): changed and done at once.
    pub fn choose(&self, field: Field, change: impl FnOnce(&mut ReinstallForm)) {
        self.edit(field, change);
        self.touch(field);
    }

    /// The user left a field. Not when the focus goes to a submit button: the review that
    /// follows shows every message at once, and a message appearing now would move the button
    /// away from the pointer before the click lands.
    pub fn left(&self, field: Field, event: &web_sys::FocusEvent) {
        let to_submit = event
            .related_target()
            .and_then(|target| target.dyn_into::<web_sys::HtmlButtonElement>().ok())
            .is_some_and(|button| button.type_() == "submit");
        if !to_submit {
            self.touch(field);
        }
    }

    /// The field's message may show now. A field can be left while its view is being
    /// removed (Back from a panel, another instance shown, with a field focused), after its
    /// signals are gone: then nothing happens.
    pub fn touch(&self, field: Field) {
        let known = self
            .touched
            .try_with_untracked(|touched| touched.contains(&field));
        if known == Some(false) {
            self.touched.try_update(|touched| {
                touched.insert(field);
            });
        }
    }

    /// The message to show next to a field, if any.
    pub fn message(&self, field: Field) -> Option<String> {
        if let Some(server) = self
            .server_errors
            .with(|errors| errors.get(&field).cloned())
        {
            return Some(server);
        }
        let visible = self.show_all.get() || self.touched.with(|touched| touched.contains(&field));
        if !visible {
            return None;
        }
        self.violations
            .with(|violations| violations.get(&field).map(zec_console::i18n::violation))
    }

    pub fn is_invalid(&self, field: Field) -> bool {
        self.message(field).is_some()
    }

    /// Whether the user changed anything since the form was filled from the instance.
    pub fn is_changed(&self) -> bool {
        let initial = self.instance.with_untracked(ReinstallForm::for_instance);
        self.form.with_untracked(|form| *form != initial)
    }

    /// A kept plan's form, back as it was entered (its password was never kept).
    pub fn restore(&self, form: ReinstallForm) {
        self.form.set(form);
        self.touched.set(HashSet::new());
        self.show_all.set(false);
        self.server_errors.set(HashMap::new());
    }

    pub fn reset(&self) {
        self.form
            .set(self.instance.with_untracked(ReinstallForm::for_instance));
        self.touched.set(HashSet::new());
        self.show_all.set(false);
        self.server_errors.set(HashMap::new());
    }
}
