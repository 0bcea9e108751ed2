//! The browser's owner of one instance's reinstall: the flow's state (`zec_console::session`)
//! in a signal, the form, the one status subscription and the boot disk's snapshots. Views
//! read its signals and send intents; `send` is the only way the flow's state changes, and
//! the commands the transition returns are run here, their results fed back in as events.

use std::sync::Arc;

use leptos::prelude::*;
use send_wrapper::SendWrapper;
use wasm_bindgen::prelude::*;
use zec_api::grant::Permission;
use zec_api::wire::{InstanceInfo, SnapshotInfo};
use zec_api::{InstanceStatus, SnapshotStatus};
use zec_console::form::{field_id, Catalog};
use zec_console::permits::Permits;
use zec_console::plan::ReinstallPlan;
use zec_console::power_off::PowerCommand;
use zec_console::session::{
    self, ActiveReinstall, Command, Env, Event, FocusTarget, Panel, SnapshotRef,
};

use crate::api::{ApiClient, ApiError};
use crate::app::AppContext;
use crate::browser;
pub use crate::form_state::FormState;
use crate::live_status::{watch_statuses, Connection};

#[derive(Clone, Copy)]
pub struct Session {
    /// The flow's state: the instance as last seen and what is going on.
    pub panel: RwSignal<Panel>,
    /// The instance, read from `panel` (for views).
    pub instance: Memo<InstanceInfo>,
    /// Its status, read from `panel`.
    pub status: Memo<InstanceStatus>,
    /// Images, key pairs and time zones, as loaded with the panel.
    pub catalog: StoredValue<Arc<Catalog>>,
    pub form: FormState,
    pub connection: RwSignal<Connection>,
    /// The boot disk's snapshots (`None` while loading).
    pub snapshots: RwSignal<Option<Result<Vec<SnapshotInfo>, ApiError>>>,
    /// A generated password, shown after the reinstall is sent until the user says it is
    /// saved. Only in memory: never stored or logged.
    pub handover: RwSignal<Option<String>>,
    app: StoredValue<AppContext>,
    /// Where "Done" leads; `None` (a widget for one instance) starts a fresh form instead.
    on_leave: Option<Callback<()>>,
}

impl Session {
    /// Starts the session of a loaded instance; `resumed` is a reinstall a reload found.
    pub fn start(
        app: AppContext,
        instance: InstanceInfo,
        catalog: Catalog,
        resumed: Option<ActiveReinstall>,
        on_leave: Option<Callback<()>>,
    ) -> Session {
        let instance_id = instance.instance_id.clone();
        let (policy, permits) = (app.protection.get_untracked(), app.permits.get_untracked());
        let env = Env {
            now_ms: browser::now_ms(),
            policy: &policy,
            permits: &permits,
        };
        let (panel, commands) = session::start(instance, resumed, env);
        let panel = RwSignal::new(panel);
        let instance = Memo::new(move |_| panel.with(|p| p.instance.clone()));
        let catalog = StoredValue::new(Arc::new(catalog));
        let session = Session {
            panel,
            instance,
            status: Memo::new(move |_| instance.with(|i| i.status.clone())),
            catalog,
            form: FormState::new(instance, catalog, app.images_without_agent),
            connection: RwSignal::new(Connection::Connecting),
            snapshots: RwSignal::new(None),
            handover: RwSignal::new(None),
            app: StoredValue::new(app.clone()),
            on_leave,
        };
        commands
            .into_iter()
            .for_each(|command| session.run(command));
        watch_statuses(
            app.api.clone(),
            vec![instance_id],
            move |entry| session.send(Event::Status(entry.instance_status)),
            move |connection| {
                session.connection.try_set(connection);
            },
        );
        browser::on_online(move || session.send(Event::Online));
        session.guard_unload();
        session.load_snapshots();
        session
    }

    /// What the caller's session permits, tracked.
    pub fn permits(&self) -> Permits {
        self.app.with_value(|app| app.permits.get())
    }

    fn api(&self) -> ApiClient {
        self.app.with_value(|app| app.api.clone())
    }

    pub fn instance_id(&self) -> String {
        self.panel
            .with_untracked(|p| p.instance.instance_id.clone())
    }

    /// "Review": freezes the form into a plan; the flow opens the dialog, or says why not.
    /// The snapshot first is part of it only when the session permits snapshots (the form
    /// shows it off and says why otherwise).
    pub fn review(&self) {
        self.form.show_all.set(true);
        let mut form = self.form.form.get_untracked();
        let may_snapshot = self.app.with_value(|app| {
            app.permits
                .with_untracked(|p| p.allows(Permission::Snapshot))
        });
        form.snapshot.enabled &= may_snapshot;
        let plan = self.form.with_context_untracked(|context| {
            ReinstallPlan::from_form(&form, context, browser::now_unix())
        });
        self.send(Event::Review(plan.map(Box::new)));
    }

    /// Runs one event through the flow and carries out what it asks for.
    pub fn send(&self, event: Event) {
        let Some(panel) = self.panel.try_get_untracked() else {
            return; // the panel is gone
        };
        let (policy, permits) = self
            .app
            .with_value(|app| (app.protection.get_untracked(), app.permits.get_untracked()));
        let env = Env {
            now_ms: browser::now_ms(),
            policy: &policy,
            permits: &permits,
        };
        let (next, commands) = session::update(&panel, event, env);
        if next != panel {
            self.panel.set(next);
        }
        commands.into_iter().for_each(|command| self.run(command));
    }

    /// Runs a call and feeds its answer back in as an event.
    fn answer<F>(&self, delay_ms: u32, call: impl FnOnce(ApiClient, String) -> F + 'static)
    where
        F: std::future::Future<Output = Event> + 'static,
    {
        let (session, api, instance_id) = (*self, self.api(), self.instance_id());
        leptos::task::spawn_local(async move {
            if delay_ms > 0 {
                gloo_timers::future::TimeoutFuture::new(delay_ms).await;
            }
            session.send(call(api, instance_id).await);
        });
    }

    fn run(&self, command: Command) {
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

    /// Whether the snapshot is listed and AVAILABLE (it can be rolled back to or deleted).
    pub fn snapshot_usable(&self, snapshot_id: &str) -> bool {
        self.snapshots.with(|list| {
            matches!(list, Some(Ok(list)) if list.iter().any(|s| s.snapshot_id == snapshot_id && s.status == SnapshotStatus::Available))
        })
    }

    /// Changes the user made that were not sent (asked about before they are thrown away).
    pub fn has_unsent_changes(&self) -> bool {
        self.panel.with_untracked(Panel::form_is_open) && self.form.is_changed()
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
                let alive = session.panel.try_get_untracked().is_some();
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
