//! The reinstall panel for one instance: loads what the form needs, starts the instance's
//! session, and shows the view of the flow's current stage. A running reinstall (saved in
//! sessionStorage) resumes straight into the live view.

use leptos::prelude::*;
use zec_api::grant::Permission;
use zec_api::wire::InstanceInfo;

use crate::app::AppContext;
use crate::browser;
use crate::components::common::{ErrorBanner, Loading, StatusBadge};
use crate::components::instance_activity::InstanceActivity;
use crate::components::outcome::{NotStartedNotice, ResolvingNotice};
use crate::components::power_section::PowerSection;
use crate::components::reinstall_form::ReinstallFormView;
use crate::components::review_dialog::ReviewDialog;
use crate::components::snapshot_progress::SnapshotProgress;
use crate::components::status_timeline::StatusTimeline;
use crate::components::undo_view::{SnapshotList, UndoStatus};
use crate::form_state::load_panel;
use crate::session::Session;
use zec_console::session::{Activity, After, Event, Notice};

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
    let open_panel = context.controls.open_panel.clone();
    on_cleanup(move || open_panel.set_value(None));
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
                Some(Ok((instance, catalog))) => {
                    let resumed = browser::load_active(&instance_id);
                    let started = Session::start(context.clone(), instance, catalog, resumed, on_close);
                    session.set_value(Some(started));
                    context.controls.open_panel.set_value(Some(started));
                    let (focus_context, heading) = (context.clone(), heading.clone());
                    request_animation_frame(move || focus_context.focus(&heading));
                    view! { <StageView session=started /> <InstanceActivity session=started /> }.into_any()
                }
            }}
        </section>
    }
}

/// What each activity shows. The form stays mounted while a dialog is open over it, so its
/// values and focus survive a cancel.
#[component]
fn StageView(session: Session) -> impl IntoView {
    let panel = session.panel;
    let kind = Memo::new(move |_| {
        panel.with(|panel| match &panel.activity {
            Activity::Submitting(plan) if plan.taken.is_some() => 4,
            Activity::Editing(_)
            | Activity::Reviewing(_)
            | Activity::Submitting(_)
            | Activity::PoweringOff(_)
            | Activity::Undoing {
                after: After::Form, ..
            } => 0,
            Activity::Snapshotting { .. }
            | Activity::FindingSnapshot { .. }
            | Activity::SnapshotFailed { .. } => 4,
            Activity::Resolving { .. } => 1,
            Activity::NotStarted { .. } => 2,
            Activity::Watching(_) | Activity::Finished { .. } | Activity::Undoing { .. } => 3,
        })
    });
    let instance_version = Memo::new(move |_| {
        session
            .instance
            .with(|instance| (instance.image_id.clone(), instance.instance_name.clone()))
    });
    // The grant may arrive after the panel: the form appears or goes when it does.
    let may_reinstall = Memo::new(move |_| session.permits().allows(Permission::Reinstall));
    let dismiss = Callback::new(move |_| session.send(Event::Dismiss));
    let notice = move || {
        panel.with(|panel| match &panel.activity {
            Activity::Editing(Some(Notice::Refused(error))) => {
                let error = error.clone();
                Some(view! { <ErrorBanner error=error dismiss=dismiss /> }.into_any())
            }
            // An intent the flow refused, and why.
            Activity::Editing(Some(Notice::Blocked(why))) => Some(
                view! {
                    <div class="zec-banner zec-banner-error" role="alert" data-testid="blocked">
                        <p class="zec-banner-message">{why.to_string()}</p>
                        <button type="button" class="zec-button" on:click=move |_| dismiss.run(())>"Dismiss"</button>
                    </div>
                }
                .into_any(),
            ),
            // What the session does not permit, and why.
            Activity::Editing(Some(Notice::NotAllowed(why))) => Some(
                view! {
                    <div class="zec-banner zec-banner-error" role="alert" data-testid="not-permitted">
                        <p class="zec-banner-message">{why.clone()}</p>
                        <button type="button" class="zec-button" on:click=move |_| dismiss.run(())>"Dismiss"</button>
                    </div>
                }
                .into_any(),
            ),
            _ => None,
        })
    };
    // The same plan while reviewing and submitting: the dialog is not rebuilt in between.
    let plan = Memo::new(move |_| {
        panel.with(|panel| match &panel.activity {
            Activity::Reviewing(plan) | Activity::Submitting(plan) => Some(plan.clone()),
            _ => None,
        })
    });
    view! {
        <InstanceHeader session=session />
        {move || match kind.get() {
            0 => view! {
                {notice}
                <UndoStatus session=session />
                <PowerSection session=session />
                // Rebuilt when the instance changes under it (a rollback): the picker's
                // "current" and the prefilled values follow the instance.
                {move || {
                    instance_version.track();
                    may_reinstall.track();
                    view! { <ReinstallFormView session=session /> }
                }}
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
    zec_api::rules::protection(instance, policy)
        .map(|by| zec_api::english::protected(&instance.instance_id, &by))
}

/// Name, id, zone, image, disk, the live status and the lock of a protected instance.
#[component]
fn InstanceHeader(session: Session) -> impl IntoView {
    let context = expect_context::<AppContext>();
    let instance = session.instance;
    let field = move |read: fn(&InstanceInfo) -> String| move || instance.with(read);
    let protection = context.protection;
    view! {
        <header class="zec-panel-header">
            <h2 id=context.id("panel-title") tabindex="-1">
                {field(|instance| format!("Reinstall {}", instance.display_name()))}
            </h2>
            <dl class="zec-facts">
                <div><dt>"Instance"</dt><dd><code>{field(|instance| instance.instance_id.clone())}</code></dd></div>
                <div><dt>"Zone"</dt><dd>{field(|instance| instance.zone_id.clone())}</dd></div>
                <div><dt>"Current image"</dt><dd data-testid="current-image">{field(|instance| instance.image_name.clone())}</dd></div>
                <div><dt>"Boot disk"</dt><dd>{field(|instance| format!("{} GiB", instance.system_disk.disk_size))}</dd></div>
                <div><dt>"Status"</dt><dd><StatusBadge status=session.status /></dd></div>
            </dl>
            {move || instance.with(|instance| protected_by(&protection.get(), instance)).map(|reason| view! {
                <p class="zec-lock" data-testid="protected">"🔒 Protected: " {reason}</p>
            })}
        </header>
    }
}
