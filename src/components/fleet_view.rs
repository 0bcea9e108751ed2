//! The fleet flow in place of the list: loads what the plan needs (images, key pairs, time
//! zones), keeps the one status subscription of the fleet's instances while it is shown,
//! and shows the view of the stage: the plan (with the review dialog), the snapshots taken
//! first, or the live table.

use std::sync::Arc;

use leptos::prelude::*;
use zec_console::i18n::Id;

use zec_console::fleet::Stage;
use zec_console::form::Catalog;

use crate::api::{ApiClient, ApiError};
use crate::app::AppContext;
use crate::components::common::{ErrorBanner, Loading};
use crate::components::fleet_plan::FleetPlanForm;
use crate::components::fleet_progress::FleetProgress;
use crate::components::fleet_review::FleetReview;
use crate::components::fleet_snapshots::FleetSnapshots;
use crate::fleet::Fleet;

/// What the plan needs from the API; the protection policy comes from `AppContext`.
async fn load_catalog(api: ApiClient) -> Result<Catalog, ApiError> {
    let (images, key_pairs, time_zones) =
        futures::join!(api.images(), api.key_pairs(), api.time_zones());
    Ok(Catalog {
        images: images?,
        key_pairs: key_pairs?,
        // Without the list the time zone is checked by the API alone.
        time_zones: time_zones.ok(),
    })
}

#[component]
pub fn FleetView(fleet: Fleet) -> impl IntoView {
    let api = expect_context::<AppContext>().api;
    fleet.watch();
    let data = LocalResource::new(move || load_catalog(api.clone()));
    move || match data.get() {
        None => view! { <Loading what=Id::LoadingImagesAndKeys /> }.into_any(),
        Some(Err(error)) => view! {
            <ErrorBanner error=error retry=Callback::new(move |_| data.refetch()) />
        }
        .into_any(),
        Some(Ok(loaded)) => view! { <FleetStages fleet=fleet data=Arc::new(loaded) /> }.into_any(),
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Shown {
    Plan,
    Snapshots,
    Table,
}

#[component]
fn FleetStages(fleet: Fleet, data: Arc<Catalog>) -> impl IntoView {
    let shown = Memo::new(move |_| {
        fleet.stage.with(|stage| match stage {
            Stage::Snapshotting(_) => Shown::Snapshots,
            Stage::Running(_) => Shown::Table,
            _ => Shown::Plan,
        })
    });
    // The plan form stays mounted under the dialog, so a cancel keeps what was entered.
    let plan = Memo::new(move |_| match fleet.stage.get() {
        Stage::Reviewing(review) => Some(review.plan),
        _ => None,
    });
    move || match shown.get() {
        Shown::Table => view! { <FleetProgress fleet=fleet /> }.into_any(),
        Shown::Snapshots => view! { <FleetSnapshots fleet=fleet /> }.into_any(),
        Shown::Plan => view! {
            <FleetPlanForm fleet=fleet data=data.clone() />
            {move || plan.get().map(|plan| view! { <FleetReview fleet=fleet plan=plan /> })}
        }
        .into_any(),
    }
}
