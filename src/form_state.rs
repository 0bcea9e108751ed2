//! The form's inputs and reactive state: the data loaded from the API for one instance, and
//! the values, touched fields and server messages the form's sections share.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use zec_api::rules::{Field, Violation};
use zec_api::wire::{Image, InstanceInfo, KeyPair};

use crate::api::{ApiClient, ApiError};
use crate::form::{FormContext, ReinstallForm};

/// Everything the form needs from the API.
#[derive(Clone, Debug, PartialEq)]
pub struct PanelData {
    pub instance: InstanceInfo,
    pub images: Vec<Image>,
    pub key_pairs: Vec<KeyPair>,
    pub time_zones: Vec<String>,
    /// Images the API refused QGA for, so the checkbox says so before anything is sent.
    pub images_without_agent: HashSet<String>,
}

impl PanelData {
    pub fn context(&self) -> FormContext<'_> {
        FormContext {
            instance: &self.instance,
            images: &self.images,
            key_pairs: &self.key_pairs,
            time_zones: Some(&self.time_zones),
            images_without_agent: Some(&self.images_without_agent),
        }
    }

    /// The form as the instance is now: what "keep everything" looks like.
    pub fn initial_form(&self) -> ReinstallForm {
        ReinstallForm::for_instance(&self.instance)
    }

    /// The four reads at once: one round trip to a ready panel.
    pub async fn load(api: &ApiClient, instance_id: &str) -> Result<PanelData, ApiError> {
        let (instance, images, key_pairs, time_zones) = futures::try_join!(
            api.instance(instance_id),
            api.images(),
            api.key_pairs(),
            api.time_zones()
        )?;
        Ok(PanelData {
            instance,
            images,
            key_pairs,
            time_zones,
            images_without_agent: HashSet::new(),
        })
    }
}

/// The form's reactive state: values, which messages show, and the API's answers per field.
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
    pub data: RwSignal<Arc<PanelData>>,
}

impl FormState {
    /// Starts from the instance's current settings.
    pub fn new(data: RwSignal<Arc<PanelData>>) -> FormState {
        let form = RwSignal::new(data.with_untracked(|data| data.initial_form()));
        FormState {
            form,
            touched: RwSignal::new(HashSet::new()),
            show_all: RwSignal::new(false),
            server_errors: RwSignal::new(HashMap::new()),
            violations: Memo::new(move |_| {
                let data = data.get();
                form.with(|form| form.violations(&data.context()))
            }),
            data,
        }
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

    /// The field's message may show now.
    pub fn touch(&self, field: Field) {
        if !self
            .touched
            .with_untracked(|touched| touched.contains(&field))
        {
            self.touched.update(|touched| {
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
            .with(|violations| violations.get(&field).map(Violation::to_string))
    }

    pub fn is_invalid(&self, field: Field) -> bool {
        self.message(field).is_some()
    }

    /// Whether the user changed anything since the form was filled from the instance.
    pub fn is_changed(&self) -> bool {
        let initial = self.data.with_untracked(|data| data.initial_form());
        self.form.with_untracked(|form| *form != initial)
    }

    pub fn reset(&self) {
        self.form
            .set(self.data.with_untracked(|data| data.initial_form()));
        self.touched.set(HashSet::new());
        self.show_all.set(false);
        self.server_errors.set(HashMap::new());
    }
}
