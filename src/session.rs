//! One owner of the reinstall of one instance: the loaded data, the form, the one status
//! subscription, and the flow's stage (`flow`) and power-off stage (`power`). Views read its
//! signals and send intents; only `send`/`send_power` change a stage, and the commands the
//! pure transition functions return are run here, their results fed back in as events.

use std::sync::Arc;

use leptos::prelude::*;
use send_wrapper::SendWrapper;
use wasm_bindgen::prelude::*;
use zec_api::live::{WidgetEvent, WidgetEventDetail};
use zec_api::wire::SnapshotInfo;
use zec_api::{InstanceStatus, SnapshotStatus};

use crate::api::{ApiClient, ApiError};
use crate::app::AppContext;
use crate::browser;
use crate::flow::{self, ActiveReinstall, Command, Event, FocusTarget, Stage};
use crate::form::field_id;
pub use crate::form_state::{FormState, PanelData};
use crate::live_status::{watch_statuses, Connection};
use crate::plan::ReinstallPlan;
use crate::power::{update_power, Power, PowerCommand, PowerEvent};
use crate::undo::{update_undo, Undo, UndoCommand, UndoEvent};

#[derive(Clone, Copy)]
pub struct Session {
    pub data: RwSignal<Arc<PanelData>>,
    pub form: FormState,
    /// The instance's status: from the loaded data, then from the one subscription.
    pub status: RwSignal<InstanceStatus>,
    pub connection: RwSignal<Connection>,
    pub stage: RwSignal<Stage>,
    pub power: RwSignal<Power>,
    /// Rolling back to a snapshot or deleting one.
    pub undo: RwSignal<Undo>,
    /// The boot disk's snapshots (`None` while loading).
    pub snapshots: RwSignal<Option<Result<Vec<SnapshotInfo>, ApiError>>>,
    /// A generated password, shown after the reinstall until the user says it is saved.
    /// Only in memory: never stored or logged.
    pub handover: RwSignal<Option<String>>,
    app: StoredValue<AppContext>,
    /// Where "Done" leads; `None` (a widget for one instance) starts a fresh form instead.
    on_leave: Option<Callback<()>>,
}

impl Session {
    /// Starts the session of a loaded instance; `resumed` is a reinstall a reload found.
    pub fn start(
        app: AppContext,
        data: PanelData,
        resumed: Option<ActiveReinstall>,
        on_leave: Option<Callback<()>>,
    ) -> Session {
        let mut data = data;
        data.images_without_agent = app.images_without_agent.get_untracked();
        let status = data.instance.status.clone();
        let instance_id = data.instance.instance_id.clone();
        let data = RwSignal::new(Arc::new(data));
        let session = Session {
            data,
            form: FormState::new(data),
            status: RwSignal::new(status.clone()),
            connection: RwSignal::new(Connection::Connecting),
            stage: RwSignal::new(resumed.map_or(Stage::Editing(None), Stage::Watching)),
            power: RwSignal::new(Power::Idle(None)),
            handover: RwSignal::new(None),
            undo: RwSignal::new(Undo::Idle(None)),
            snapshots: RwSignal::new(None),
            app: StoredValue::new(app.clone()),
            on_leave,
        };
        // A resumed reinstall may have ended while nobody watched.
        session.send(Event::Status(status));
        watch_statuses(
            app.api.clone(),
            vec![instance_id],
            move |entry| session.status_seen(entry.instance_status),
            move |connection| {
                session.connection.try_set(connection);
            },
        );
        session.guard_unload();
        session.load_snapshots();
        session
    }

    fn api(&self) -> ApiClient {
        self.app.with_value(|app| app.api.clone())
    }

    pub fn instance_id(&self) -> String {
        self.data
            .with_untracked(|data| data.instance.instance_id.clone())
    }

    fn status_seen(&self, status: InstanceStatus) {
        if self
            .status
            .try_get_untracked()
            .is_none_or(|seen| seen == status)
        {
            return;
        }
        self.status.set(status.clone());
        self.send(Event::Status(status.clone()));
        self.send_undo(UndoEvent::Status(status.clone()));
        self.send_power(PowerEvent::Status(status));
    }

    /// "Review": freezes the form into a plan and opens the dialog, or points at the first
    /// field that blocks it.
    pub fn review(&self) {
        self.form.show_all.set(true);
        let data = self.data.get_untracked();
        let plan = self.form.form.with_untracked(|form| {
            ReinstallPlan::from_form(form, &data.context(), browser::now_unix())
        });
        match plan {
            Ok(plan) if self.status.get_untracked() == InstanceStatus::Stopped => {
                self.send(Event::Review(Box::new(plan)))
            }
            Ok(_) => {}
            Err(fields) => {
                if let Some(first) = fields.first() {
                    let id = self.app.with_value(|app| field_id(&app.id_prefix, *first));
                    self.focus(id);
                }
            }
        }
    }

    /// Runs one event through the flow and carries out what it asks for.
    pub fn send(&self, event: Event) {
        let Some(stage) = self.stage.try_get_untracked() else {
            return; // the panel is gone
        };
        let (next, commands) = flow::update(&stage, event, browser::now_ms());
        if next != stage {
            self.stage.set(next);
        }
        commands.into_iter().for_each(|command| self.run(command));
    }

    pub fn send_power(&self, event: PowerEvent) {
        let Some(power) = self.power.try_get_untracked() else {
            return;
        };
        let (next, commands) = update_power(&power, event);
        if next != power {
            self.power.set(next);
        }
        commands
            .into_iter()
            .for_each(|command| self.run_power(command));
    }

    fn run(&self, command: Command) {
        let session = *self;
        let instance_id = self.instance_id();
        match command {
            Command::SendReset(request) => {
                let generated = self
                    .form
                    .form
                    .with_untracked(|form| form.password_generated);
                if generated {
                    self.handover.set(request.options.password.clone());
                }
                let api = self.api();
                leptos::task::spawn_local(async move {
                    let answer = api.reset_instance(&request).await;
                    session.send(Event::ResetAnswered(answer));
                });
            }
            Command::CreateSnapshot(request) => {
                // The dialog that had the focus is gone: put it on the panel's heading.
                self.run(Command::Focus(FocusTarget::Heading));
                let api = self.api();
                leptos::task::spawn_local(async move {
                    let answer = api.create_snapshot(&request).await;
                    session.send(Event::SnapshotCreated(answer));
                });
            }
            Command::ReadSnapshot {
                snapshot_id,
                disk_id,
                name,
                delay_ms,
            } => {
                let api = self.api();
                leptos::task::spawn_local(async move {
                    gloo_timers::future::TimeoutFuture::new(delay_ms).await;
                    let seen = match snapshot_id {
                        Some(id) => api.snapshot(&id).await,
                        None => api
                            .snapshots_of_disk(&disk_id, Some(&name))
                            .await
                            .map(|found| found.into_iter().next()),
                    };
                    session.send(Event::SnapshotSeen(seen));
                });
            }
            Command::AskOutcome { delay_ms } => {
                let api = self.api();
                leptos::task::spawn_local(async move {
                    gloo_timers::future::TimeoutFuture::new(delay_ms).await;
                    session.send(Event::OutcomeFound(api.instance(&instance_id).await));
                });
            }
            Command::Remember(active) => {
                browser::save_active(&active);
                // The live view replaced the dialog: the heading leads to it.
                self.run(Command::Focus(FocusTarget::Heading));
            }
            Command::Forget => {
                browser::clear_active(&instance_id);
                // The reinstall ended: the heading leads to the result.
                self.run(Command::Focus(FocusTarget::Heading));
            }
            Command::Announce(event, detail) => self
                .app
                .with_value(|app| app.announce(event.name(), &detail)),
            Command::RememberNoAgent(image_id) => {
                let known = self.app.with_value(|app| app.images_without_agent);
                known.update(|known| {
                    known.insert(image_id.clone());
                });
                self.data.update(|data| {
                    Arc::make_mut(data).images_without_agent.insert(image_id);
                });
            }
            Command::FieldError(field, message) => {
                self.form.server_errors.update(|errors| {
                    errors.insert(field, message);
                });
                let id = self.app.with_value(|app| field_id(&app.id_prefix, field));
                self.focus(id);
            }
            Command::RefreshInstance => {
                let api = self.api();
                leptos::task::spawn_local(async move {
                    if let Ok(instance) = api.instance(&instance_id).await {
                        session.status.try_set(instance.status.clone());
                        session.data.try_update(|data| {
                            Arc::make_mut(data).instance = instance;
                        });
                        // A form still open was filled from the instance as it was.
                        let editing = session
                            .stage
                            .try_with_untracked(|stage| matches!(stage, Stage::Editing(_)));
                        if editing == Some(true) {
                            session.form.reset();
                        }
                        session.load_snapshots();
                    }
                });
            }
            Command::Focus(target) => {
                let id = match target {
                    FocusTarget::Review => "review",
                    FocusTarget::Heading => "panel-title",
                };
                self.focus(self.app.with_value(|app| app.id(id)));
            }
            Command::Leave => match self.on_leave {
                Some(leave) => leave.run(()),
                None => self.form.reset(),
            },
        }
    }

    pub fn send_undo(&self, event: UndoEvent) {
        let Some(undo) = self.undo.try_get_untracked() else {
            return;
        };
        let (next, commands) = update_undo(&undo, event);
        if next != undo {
            self.undo.set(next);
        }
        commands
            .into_iter()
            .for_each(|command| self.run_undo(command));
    }

    /// Reads the boot disk's snapshots again.
    pub fn load_snapshots(&self) {
        let session = *self;
        let api = self.api();
        let disk_id = self
            .data
            .with_untracked(|data| data.instance.system_disk.disk_id.clone());
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
            gloo_timers::future::TimeoutFuture::new(2000).await;
            if session.snapshots.try_get_untracked().is_some() {
                session.load_snapshots();
            }
        });
    }

    /// Whether the snapshot is listed and AVAILABLE (it can be rolled back to or deleted).
    pub fn snapshot_usable(&self, snapshot_id: &str) -> bool {
        self.snapshots.with(|list| {
            matches!(list, Some(Ok(list)) if list.iter().any(|s| s.snapshot_id == snapshot_id && s.status == SnapshotStatus::Available))
        })
    }

    fn run_undo(&self, command: UndoCommand) {
        let session = *self;
        let instance_id = self.instance_id();
        let api = self.api();
        match command {
            UndoCommand::Stop => leptos::task::spawn_local(async move {
                let answer = api.stop_instance(&instance_id, false).await;
                session.send_undo(UndoEvent::StopAnswered(answer));
            }),
            UndoCommand::Apply(request) => leptos::task::spawn_local(async move {
                let answer = api.apply_snapshot(&request).await;
                session.send_undo(UndoEvent::ApplyAnswered(answer));
            }),
            UndoCommand::Delete(snapshot_id) => leptos::task::spawn_local(async move {
                let answer = api.delete_snapshot(&snapshot_id).await;
                session.send_undo(UndoEvent::DeleteAnswered(answer));
            }),
            UndoCommand::ReadSnapshot {
                snapshot_id,
                delay_ms,
            } => leptos::task::spawn_local(async move {
                gloo_timers::future::TimeoutFuture::new(delay_ms).await;
                session.send_undo(UndoEvent::SnapshotSeen(api.snapshot(&snapshot_id).await));
            }),
            UndoCommand::RefreshInstance => self.run(Command::RefreshInstance),
            UndoCommand::RefreshSnapshots => self.load_snapshots(),
            UndoCommand::AnnounceRolledBack(snapshot_id) => {
                let detail = WidgetEventDetail {
                    instance_id,
                    status: SnapshotStatus::Available.to_string(),
                    request_id: snapshot_id,
                };
                self.app
                    .with_value(|app| app.announce(WidgetEvent::RollbackFinished.name(), &detail));
            }
        }
    }

    fn run_power(&self, command: PowerCommand) {
        let session = *self;
        let instance_id = self.instance_id();
        let api = self.api();
        match command {
            PowerCommand::SendStop { force } => leptos::task::spawn_local(async move {
                let answer = api.stop_instance(&instance_id, force).await;
                session.send_power(PowerEvent::Answered(answer));
            }),
            PowerCommand::AskStatus { delay_ms } => leptos::task::spawn_local(async move {
                gloo_timers::future::TimeoutFuture::new(delay_ms).await;
                let status = api
                    .instance(&instance_id)
                    .await
                    .map(|instance| instance.status);
                session.send_power(PowerEvent::Found(status));
            }),
            PowerCommand::FocusPowerButton => {
                self.focus(self.app.with_value(|app| app.id("power-off")))
            }
            PowerCommand::FocusForm => {
                self.focus(self.app.with_value(|app| app.id("image-toggle")))
            }
        }
    }

    /// Focuses an element once the view has caught up with the state.
    fn focus(&self, id: String) {
        let app = self.app.get_value();
        request_animation_frame(move || app.focus(&id));
    }

    /// Changes the user made that were not sent (asked about before they are thrown away).
    pub fn has_unsent_changes(&self) -> bool {
        let editing = self.stage.with_untracked(|stage| {
            matches!(
                stage,
                Stage::Editing(_) | Stage::Reviewing(_) | Stage::NotStarted { .. }
            )
        });
        editing && self.form.is_changed()
    }

    /// A generated password the user has not said is saved: leaving would lose it.
    pub fn has_unsaved_password(&self) -> bool {
        self.handover
            .try_with_untracked(Option::is_some)
            .unwrap_or(false)
    }

    /// Leaving with unsent changes or an unsaved generated password asks first; `true` when
    /// the user agrees to leave.
    pub fn confirm_leave(&self) -> bool {
        let question = if self.has_unsaved_password() {
            "The generated password was not saved, and it is shown nowhere else. Leave anyway?"
        } else if self.has_unsent_changes() {
            "Your changes to this reinstall were not sent. Leave and discard them?"
        } else {
            return true;
        };
        window().confirm_with_message(question).unwrap_or(false)
    }

    /// Asks before a reload or close throws unsent changes away.
    fn guard_unload(&self) {
        let session = *self;
        let listener = Closure::<dyn FnMut(web_sys::BeforeUnloadEvent)>::new(
            move |event: web_sys::BeforeUnloadEvent| {
                let alive = session.stage.try_get_untracked().is_some();
                if alive && (session.has_unsent_changes() || session.has_unsaved_password()) {
                    event.prevent_default();
                    event.set_return_value("unsent changes");
                }
            },
        );
        let _ = window()
            .add_event_listener_with_callback("beforeunload", listener.as_ref().unchecked_ref());
        let held = SendWrapper::new(listener);
        on_cleanup(move || {
            let listener = held.take();
            let _ = window().remove_event_listener_with_callback(
                "beforeunload",
                listener.as_ref().unchecked_ref(),
            );
        });
    }
}
