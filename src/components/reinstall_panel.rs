//! The reinstall panel for one instance: loads what the form needs, starts the instance's
//! session, and shows the view of the flow's current stage. A running reinstall (saved in
//! sessionStorage) resumes straight into the live view; a confirmed plan the page left
//! before it was carried out opens on what became of it. A protected instance shows why at
//! the top and offers nothing the proxy would refuse.

use leptos::prelude::*;
use zec_console::i18n::Id;

use zec_api::grant::Permission;

use crate::app::AppContext;
use crate::browser;
use crate::chunks;
use crate::components::common::{ErrorBanner, Loading};
use crate::components::kept_plan::{InterruptedNotice, RecoveringNotice};
use crate::components::on_demand::{on_demand, on_demand_when_idle, Part};
use crate::components::outcome::{NotStartedNotice, ResolvingNotice};
use crate::components::panel_header::{protected_by, FormNotice, InstanceHeader};
use crate::components::power_section::PowerSection;
use crate::components::reinstall_form::ReinstallFormView;
use crate::components::snapshot_progress::SnapshotProgress;
use crate::components::status_timeline::StatusTimeline;
use crate::components::undo_view::{SnapshotList, UndoStatus};
use crate::form_state::load_panel;
use crate::i18n::tr;
use crate::session::Session;
use zec_console::session::{Activity, After, Event};

/// `on_close` leads back to the list; a widget for one instance has none.
#[component]
pub fn ReinstallPanel(instance_id: String, on_close: Option<Callback<()>>) -> impl IntoView {
    let context = expect_context::<AppContext>();
    let api = context.api.clone();
    let load_id = instance_id.clone();
    let data = LocalResource::new(move || {
        let (api, id) = (api.clone(), load_id.clone());
        async move { load_panel(&api, &id).await }
    });
    // Set once the data is there; the back button (and a new instance given by the page)
    // asks it about unsent changes.
    let session = StoredValue::new(None::<Session>);
    // While open, the page's moves (a new instance, Back, Forward) ask it first.
    let open_panel = context.controls.open_panel.clone();
    let mine = instance_id.clone();
    on_cleanup(move || {
        // Only this panel's own session (another panel may have opened already).
        open_panel.update_value(|open| {
            let ours = open.as_ref().is_some_and(|session| {
                session
                    .instance
                    .try_with_untracked(|instance| instance.instance_id == mine)
                    .unwrap_or(true)
            });
            if ours {
                *open = None;
            }
        });
    });
    let back = move |_| {
        let leave = session
            .get_value()
            .is_none_or(|session| session.confirm_leave());
        if let (true, Some(close)) = (leave, on_close) {
            close.run(());
        }
    };
    let heading = context.id("panel-title");
    let labelled_by = heading.clone();
    view! {
        <section class="zec-panel" aria-labelledby=labelled_by>
            {on_close.map(|_| view! { <button type="button" class="zec-button zec-back" on:click=back>{tr(Id::AllInstancesBack)}</button> })}
            {move || match data.get() {
                None => view! { <Loading what=Id::LoadingInstance /> }.into_any(),
                Some(Err(error)) => view! {
                    <ErrorBanner error=error retry=Callback::new(move |_| data.refetch()) />
                }.into_any(),
                Some(Ok((instance, catalog))) => {
                    let resumed = browser::load_active(&instance_id);
                    let kept = browser::kept_plan(&instance_id);
                    let started = Session::start(context.clone(), instance, catalog, resumed, kept, on_close);
                    session.set_value(Some(started));
                    context.controls.open_panel.set_value(Some(started));
                    let (focus_context, heading) = (context.clone(), heading.clone());
                    request_animation_frame(move || focus_context.focus(&heading));
                    chunks::warm_up_after_panel();
                    view! { <StageView session=started />
                        {on_demand_when_idle(Part::Activity, chunks::preload_instance_activity, move || chunks::instance_activity(started))} }.into_any()
                }
            }}
        </section>
    }
}

/// What each activity shows.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Stage {
    /// The form, with a dialog over it when one is open.
    Form,
    /// Only what the proxy allows: why, and the snapshots (read only).
    Protected,
    Resolving,
    NotStarted,
    Live,
    Snapshot,
    Recovering,
    Interrupted,
}

/// What each activity shows. The form stays mounted while a dialog is open over it, so its
/// values and focus survive a cancel.
#[component]
fn StageView(session: Session) -> impl IntoView {
    let panel = session.panel;
    let protection = expect_context::<AppContext>().protection;
    let stage = Memo::new(move |_| {
        let protected = session
            .instance
            .with(|instance| protected_by(&protection.get(), instance).is_some());
        panel.with(|panel| match &panel.activity {
            Activity::Submitting(plan) if plan.taken.is_some() => Stage::Snapshot,
            Activity::Editing(_)
            | Activity::Undoing {
                after: After::Form, ..
            } if protected => Stage::Protected,
            Activity::Editing(_)
            | Activity::Reviewing(_)
            | Activity::Stale { .. }
            | Activity::Submitting(_)
            | Activity::PoweringOff(_)
            | Activity::Undoing {
                after: After::Form, ..
            } => Stage::Form,
            Activity::Snapshotting { .. }
            | Activity::FindingSnapshot { .. }
            | Activity::SnapshotFailed { .. } => Stage::Snapshot,
            Activity::Resolving { .. } => Stage::Resolving,
            Activity::NotStarted { .. } => Stage::NotStarted,
            Activity::Recovering { .. } => Stage::Recovering,
            Activity::Interrupted { .. }
            | Activity::Undoing {
                after: After::Kept(_),
                ..
            } => Stage::Interrupted,
            Activity::Watching(_) | Activity::Finished { .. } | Activity::Undoing { .. } => {
                Stage::Live
            }
        })
    });
    let instance_version = Memo::new(move |_| {
        session
            .instance
            .with(|instance| (instance.image_id.clone(), instance.instance_name.clone()))
    });
    // The grant may arrive after the panel: the form appears or goes when it does.
    let may_reinstall = Memo::new(move |_| session.permits().allows(Permission::Reinstall));
    // The same plan while reviewing and submitting: the dialog is not rebuilt in between.
    let plan = Memo::new(move |_| {
        panel.with(|panel| match &panel.activity {
            Activity::Reviewing(plan) | Activity::Submitting(plan) => Some(plan.clone()),
            Activity::Stale { plan, .. } => Some(plan.clone()),
            _ => None,
        })
    });
    view! {
        <InstanceHeader session=session />
        {move || match stage.get() {
            Stage::Form => view! {
                <FormNotice session=session />
                <UndoStatus session=session />
                <PowerSection session=session />
                // Rebuilt when the instance changes under it (a rollback): the picker's
                // "current" and the prefilled values follow the instance.
                {move || {
                    instance_version.track();
                    may_reinstall.track();
                    view! { <ReinstallFormView session=session /> }
                }}
                {move || plan.get().map(|plan| {
                    let back = Callback::new(move |_| session.send(Event::Cancel));
                    on_demand(Part::Review, Some((Id::BackToForm, back)), chunks::preload_review, move || {
                        chunks::review_dialog(session, plan.clone())
                    })
                })}
                <SnapshotList session=session editable=true />
            }.into_any(),
            Stage::Protected => view! {
                <FormNotice session=session />
                <SnapshotList session=session editable=false />
            }.into_any(),
            Stage::Resolving => view! { <ResolvingNotice session=session /> }.into_any(),
            Stage::NotStarted => view! { <NotStartedNotice session=session /> }.into_any(),
            Stage::Snapshot => view! { <SnapshotProgress session=session /> }.into_any(),
            Stage::Recovering => view! { <RecoveringNotice session=session /> }.into_any(),
            Stage::Interrupted => view! {
                <InterruptedNotice session=session />
                <UndoStatus session=session />
            }.into_any(),
            Stage::Live => view! { <StatusTimeline session=session /> }.into_any(),
        }}
    }
}
