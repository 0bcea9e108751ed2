//! The fleet flow in place of the list: loads what the plan needs (images, key pairs, time
//! zones), keeps the one status subscription of the selected instances while it is shown,
//! and shows the view of the stage: the plan (with the review dialog) or the live table.

use std::sync::Arc;

use leptos::prelude::*;
use zec_api::rules::ProtectionPolicy;
use zec_api::wire::{Image, KeyPair};

use crate::api::ApiError;
use crate::app::AppContext;
use crate::components::common::{ErrorBanner, Loading};
use crate::components::fleet_plan::FleetPlanForm;
use crate::components::fleet_progress::FleetProgress;
use crate::components::fleet_review::FleetReview;
use crate::fleet::batch::Stage;
use crate::fleet::plan::Catalog;
use crate::fleet::Fleet;

/// What the API lists for the plan; the protection policy comes from `AppContext`.
#[derive(Clone)]
pub struct CatalogData {
    pub images: Vec<Image>,
    pub key_pairs: Vec<KeyPair>,
    pub time_zones: Option<Vec<String>>,
}

impl CatalogData {
    async fn load(api: crate::api::ApiClient) -> Result<CatalogData, ApiError> {
        let (images, key_pairs, time_zones) =
            futures::join!(api.images(), api.key_pairs(), api.time_zones());
        Ok(CatalogData {
            images: images?,
            key_pairs: key_pairs?,
            // Without the list the time zone is checked by the API alone.
            time_zones: time_zones.ok(),
        })
    }

    pub fn catalog<'a>(&'a self, policy: &'a ProtectionPolicy) -> Catalog<'a> {
        Catalog {
            images: &self.images,
            key_pairs: &self.key_pairs,
            time_zones: self.time_zones.as_deref(),
            policy,
        }
    }
}

#[component]
pub fn FleetView(fleet: Fleet) -> impl IntoView {
    let api = expect_context::<AppContext>().api;
    fleet.watch();
    let data = LocalResource::new(move || CatalogData::load(api.clone()));
    move || match data.get() {
        None => view! { <Loading what="images and key pairs" /> }.into_any(),
        Some(Err(error)) => view! {
            <ErrorBanner error=error retry=Callback::new(move |_| data.refetch()) />
        }
        .into_any(),
        Some(Ok(loaded)) => view! { <FleetStages fleet=fleet data=Arc::new(loaded) /> }.into_any(),
    }
}

#[component]
fn FleetStages(fleet: Fleet, data: Arc<CatalogData>) -> impl IntoView {
    let running = Memo::new(move |_| fleet.stage.with(|stage| matches!(stage, Stage::Running(_))));
    // The plan form stays mounted under the dialog, so a cancel keeps what was entered.
    let plan = Memo::new(move |_| match fleet.stage.get() {
        Stage::Reviewing(plan) => Some(plan),
        _ => None,
    });
    move || match running.get() {
        true => view! { <FleetProgress fleet=fleet /> }.into_any(),
        false => view! {
            <FleetPlanForm fleet=fleet data=data.clone() />
            {move || plan.get().map(|plan| view! { <FleetReview fleet=fleet plan=plan /> })}
        }
        .into_any(),
    }
}
