//! The reinstall panel for one instance: loads what the form needs, starts the instance's
//! session, and shows the view of the flow's current stage. A running reinstall (saved in
//! sessionStorage) resumes straight into the live view.

use leptos::prelude::*;

use crate::app::AppContext;
use crate::browser;
use crate::components::common::{ErrorBanner, Loading, StatusBadge};
use crate::components::outcome::{NotStartedNotice, ResolvingNotice};
use crate::components::power_section::PowerSection;
use crate::components::reinstall_form::ReinstallFormView;
use crate::components::review_dialog::ReviewDialog;
use crate::components::snapshot_progress::SnapshotProgress;
use crate::components::status_timeline::StatusTimeline;
use crate::components::undo_view::{SnapshotList, UndoStatus};
use crate::flow::Stage;
use crate::session::{PanelData, Session};

/// `on_close` leads back to the list; a widget for one instance has none.
#[component]
pub fn ReinstallPanel(instance_id: String, on_close: Option<Callback<()>>) -> impl IntoView {
    let context = expect_context::<AppContext>();
    let api = context.api.clone();
    let load_id = instance_id.clone();
    let data = LocalResource::new(move || {
        let (api, id) = (api.clone(), load_id.clone());
        async move { PanelData::load(&api, &id).await }
    });
    // Set once the data is there; the back button asks it about unsent changes.
    let session = StoredValue::new(None::<Session>);
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
            {on_close.map(|_| view! { <button type="button" class="zec-button zec-back" on:click=back>"← All instances"</button> })}
            {move || match data.get() {
                None => view! { <Loading what="the instance" /> }.into_any(),
                Some(Err(error)) => view! {
                    <ErrorBanner error=error retry=Callback::new(move |_| data.refetch()) />
                }.into_any(),
                Some(Ok(loaded)) => {
                    let resumed = browser::load_active(&instance_id);
                    let started = Session::start(context.clone(), loaded, resumed, on_close);
                    session.set_value(Some(started));
                    let (focus_context, heading) = (context.clone(), heading.clone());
                    request_animation_frame(move || focus_context.focus(&heading));
                    view! { <StageView session=started /> }.into_any()
                }
            }}
        </section>
    }
}

/// What each stage shows. The form stays mounted while the dialog is open, so its values
/// and focus survive a cancel.
#[component]
fn StageView(session: Session) -> impl IntoView {
    let stage = session.stage;
    let kind = Memo::new(move |_| {
        stage.with(|stage| match stage {
            Stage::Submitting(plan) if plan.taken.is_some() => 4,
            Stage::Editing(_) | Stage::Reviewing(_) | Stage::Submitting(_) => 0,
            Stage::Snapshotting { .. }
            | Stage::FindingSnapshot { .. }
            | Stage::SnapshotFailed { .. } => 4,
            Stage::Resolving { .. } => 1,
            Stage::NotStarted { .. } => 2,
            Stage::Watching(_) | Stage::Finished(..) => 3,
        })
    });
    let instance_version = Memo::new(move |_| {
        session.data.with(|data| {
            (
                data.instance.image_id.clone(),
                data.instance.instance_name.clone(),
            )
        })
    });
    let refusal = move || match stage.get() {
        Stage::Editing(Some(error)) => Some(view! {
            <ErrorBanner error=error dismiss=Callback::new(move |_| session.send(crate::flow::Event::Dismiss)) />
        }),
        _ => None,
    };
    // The same plan while reviewing and submitting: the dialog is not rebuilt in between.
    let plan = Memo::new(move |_| match stage.get() {
        Stage::Reviewing(plan) | Stage::Submitting(plan) => Some(plan),
        _ => None,
    });
    view! {
        <InstanceHeader session=session />
        {move || match kind.get() {
            0 => view! {
                {refusal}
                <UndoStatus session=session />
                <PowerSection session=session />
                // Rebuilt when the instance changes under it (a rollback): the picker's
                // "current" and the prefilled values follow the instance.
                {move || { instance_version.track(); view! { <ReinstallFormView session=session /> } }}
                {move || plan.get().map(|plan| view! { <ReviewDialog session=session plan=plan /> })}
                <SnapshotList session=session />
            }.into_any(),
            1 => view! { <ResolvingNotice session=session /> }.into_any(),
            2 => view! { <NotStartedNotice session=session /> }.into_any(),
            4 => view! { <SnapshotProgress session=session /> }.into_any(),
            _ => view! { <StatusTimeline session=session /> }.into_any(),
        }}
    }
}

/// Why the instance must not be reinstalled here (`zec_api::rules::protection`), if it is.
pub fn protected_by(
    policy: &zec_api::rules::ProtectionPolicy,
    instance: &zec_api::wire::InstanceInfo,
) -> Option<String> {
    zec_api::rules::protection(instance, policy).map(|by| zec_api::english::protected(&instance.instance_id, &by))
}

/// Name, id, zone, image, disk, the live status and the lock of a protected instance.
#[component]
fn InstanceHeader(session: Session) -> impl IntoView {
    let context = expect_context::<AppContext>();
    let data = session.data;
    let field = move |read: fn(&PanelData) -> String| move || data.with(|data| read(data));
    let protection = context.protection;
    view! {
        <header class="zec-panel-header">
            <h2 id=context.id("panel-title") tabindex="-1">
                {field(|data| format!("Reinstall {}", data.instance.display_name()))}
            </h2>
            <dl class="zec-facts">
                <div><dt>"Instance"</dt><dd><code>{field(|data| data.instance.instance_id.clone())}</code></dd></div>
                <div><dt>"Zone"</dt><dd>{field(|data| data.instance.zone_id.clone())}</dd></div>
                <div><dt>"Current image"</dt><dd data-testid="current-image">{field(|data| data.instance.image_name.clone())}</dd></div>
                <div><dt>"Boot disk"</dt><dd>{field(|data| format!("{} GiB", data.instance.system_disk.disk_size))}</dd></div>
                <div><dt>"Status"</dt><dd><StatusBadge status=session.status /></dd></div>
            </dl>
            {move || protected_by(&protection.get(), &data.get().instance).map(|reason| view! {
                <p class="zec-lock" data-testid="protected">"🔒 Protected: " {reason}</p>
            })}
        </header>
    }
}
