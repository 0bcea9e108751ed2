//! The form's inputs and reactive state: the data loaded from the API for one instance, and
//! the values, touched fields and server messages the form's sections share.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use leptos::prelude::*;
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
}

impl PanelData {
    pub fn context(&self) -> FormContext<'_> {
        FormContext {
            instance: &self.instance,
            images: &self.images,
            key_pairs: &self.key_pairs,
            time_zones: Some(&self.time_zones),
        }
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
        })
    }
}

/// The form's reactive state: values, which messages show, and the API's answers per field.
#[derive(Clone, Copy)]
pub struct FormState {
    pub form: RwSignal<ReinstallForm>,
    /// Fields the user has changed: their messages show as they type.
    pub touched: RwSignal<HashSet<Field>>,
    /// After a review attempt every message shows.
    pub show_all: RwSignal<bool>,
    /// What the API answered, per field, until the field changes.
    pub server_errors: RwSignal<HashMap<Field, String>>,
    pub violations: Memo<HashMap<Field, Violation>>,
    pub data: RwSignal<Arc<PanelData>>,
}

impl FormState {
    pub fn new(data: RwSignal<Arc<PanelData>>) -> FormState {
        let form = RwSignal::new(ReinstallForm::default());
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
    pub fn edit(&self, field: Field, change: impl FnOnce(&mut ReinstallForm)) {
        self.form.update(change);
        self.touched.update(|touched| {
            touched.insert(field);
        });
        self.server_errors.update(|errors| {
            errors.remove(&field);
        });
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
            .with(|violations| violations.get(&field).map(|v| v.message.clone()))
    }

    pub fn is_invalid(&self, field: Field) -> bool {
        self.message(field).is_some()
    }

    pub fn reset(&self) {
        self.form.set(ReinstallForm::default());
        self.touched.set(HashSet::new());
        self.show_all.set(false);
        self.server_errors.set(HashMap::new());
    }
}
