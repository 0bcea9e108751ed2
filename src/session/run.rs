//! The commands the flow returns, carried out: calls (their answers come back as events),
//! storage, the other tabs, the form, focus, the embedding page's events.

use leptos::prelude::*;
use zec_api::SnapshotStatus;
use zec_console::form::field_id;
use zec_console::power_off::PowerCommand;
use zec_console::session::{self, Command, Event, FocusTarget, SnapshotRef};

use super::Session;
use crate::browser;

impl Session {
    pub(super) fn run(&self, command: Command) {
        match command {
            Command::SendReset {
                request,
                hand_over_password,
            } => {
                if hand_over_password {
                    self.handover.set(request.options.password.clone());
                }
                self.answer(0, move |api, _| async move {
                    Event::ResetAnswered(api.reset_instance(&request).await)
                });
            }
            Command::CreateSnapshot(request) => {
                // The dialog that had the focus is gone: put it on the panel's heading.
                self.run(Command::Focus(FocusTarget::Heading));
                self.answer(0, move |api, _| async move {
                    Event::SnapshotCreated(api.create_snapshot(&request).await)
                });
            }
            Command::ReadSnapshot { snapshot, delay_ms } => {
                self.answer(delay_ms, move |api, _| async move {
                    Event::SnapshotSeen(match snapshot {
                        SnapshotRef::Id(id) => api.snapshot(&id).await,
                        SnapshotRef::Named { disk_id, name } => api
                            .snapshots_of_disk(&disk_id, Some(&name))
                            .await
                            .map(|found| found.into_iter().next()),
                    })
                })
            }
            Command::AskOutcome { delay_ms } => self.answer(delay_ms, |api, id| async move {
                Event::OutcomeFound(api.instance(&id).await.map(Box::new))
            }),
            Command::PowerOff(PowerCommand::SendStop(request)) => {
                self.answer(0, move |api, _| async move {
                    let answer = api.stop_instances(&request).await;
                    let ids = request.instance_ids;
                    Event::StopAnswered { ids, answer }
                })
            }
            Command::PowerOff(PowerCommand::AskStatuses { ids, delay_ms }) => self
                .answer(delay_ms, move |api, _| async move {
                    Event::StatusesFound(api.statuses_of(&ids).await)
                }),
            Command::Apply(request) => self.answer(0, move |api, _| async move {
                Event::ApplyAnswered(api.apply_snapshot(&request).await)
            }),
            Command::Delete(snapshot_id) => self.answer(0, move |api, _| async move {
                Event::DeleteAnswered(api.delete_snapshot(&snapshot_id).await)
            }),
            Command::Remember(active) => {
                browser::save_active(&active);
                // The live view replaced the dialog: the heading leads to it.
                self.run(Command::Focus(FocusTarget::Heading));
            }
            Command::Forget => {
                browser::clear_active(&self.instance_id());
                // The reinstall ended: the heading leads to the result.
                self.run(Command::Focus(FocusTarget::Heading));
            }
            Command::Announce(event, detail) => self
                .app
                .with_value(|app| app.announce(event.name(), &detail)),
            Command::RememberNoAgent(image_id) => {
                let known = self.app.with_value(|app| app.images_without_agent);
                known.update(|known| {
                    known.insert(image_id);
                });
            }
            Command::FieldError(field, message) => {
                self.form.server_errors.update(|errors| {
                    errors.insert(field, message);
                });
                self.run(Command::Focus(FocusTarget::Field(field)));
            }
            Command::Keep(kept) => browser::keep_plan(&self.instance_id(), kept.as_deref()),
            Command::TellTabs(holds) => self.tabs.with_value(|tabs| tabs.tell(holds)),
            Command::RestoreForm(form) => self.form.restore(*form),
            Command::ReviewForm => {
                // After the dialog or notice that asked for it is gone.
                let session = *self;
                request_animation_frame(move || session.review());
            }
            Command::RefreshInstance => self.refresh_instance(),
            Command::RefreshSnapshots => self.load_snapshots(),
            Command::Focus(target) => {
                let id = self.app.with_value(|app| match target {
                    FocusTarget::Review => app.id("review"),
                    FocusTarget::Heading => app.id("panel-title"),
                    FocusTarget::Field(field) => field_id(&app.id_prefix, field),
                    FocusTarget::PowerButton => app.id("power-off"),
                    FocusTarget::Form => app.id("image-toggle"),
                });
                let app = self.app.get_value();
                request_animation_frame(move || app.focus(&id));
            }
            Command::Leave => match self.on_leave {
                Some(leave) => leave.run(()),
                None => self.form.reset(),
            },
        }
    }

    /// Re-reads the instance (its image, name and status changed), and what depends on it.
    fn refresh_instance(&self) {
        let (session, api, instance_id) = (*self, self.api(), self.instance_id());
        leptos::task::spawn_local(async move {
            let Ok(instance) = api.instance(&instance_id).await else {
                return;
            };
            session.send(Event::InstanceRead(Box::new(instance)));
            // A form still open was filled from the instance as it was.
            let editing = session
                .panel
                .try_with_untracked(|p| matches!(p.activity, session::Activity::Editing(_)));
            if editing == Some(true) {
                session.form.reset();
            }
            session.load_snapshots();
        });
    }

    /// Reads the boot disk's snapshots again.
    pub fn load_snapshots(&self) {
        let session = *self;
        let api = self.api();
        let disk_id = self
            .panel
            .with_untracked(|p| p.instance.system_disk.disk_id.clone());
        leptos::task::spawn_local(async move {
            let found = api.snapshots_of_disk(&disk_id, None).await;
            // Snapshots being made, rolled back or deleted are read again until they settle.
            let settling = found.as_ref().is_ok_and(|list| {
                list.iter().any(|snapshot| {
                    snapshot.status != SnapshotStatus::Available
                        && snapshot.status != SnapshotStatus::Failed
                })
            });
            if session.snapshots.try_set(Some(found)).is_some() || !settling {
                return;
            }
            gloo_timers::future::TimeoutFuture::new(session::SNAPSHOT_POLL_MS).await;
            if session.snapshots.try_get_untracked().is_some() {
                session.load_snapshots();
            }
        });
    }
}
