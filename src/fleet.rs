//! The browser's owner of a fleet reinstall: the selection, the plan form, the live statuses
//! and the flow's stage (`zec_console::fleet`) in signals. Views read them and send events;
//! `send` is the only way the stage changes, and the commands it returns are run here.

use std::collections::HashMap;

use leptos::prelude::*;
use zec_api::rules::MAX_INSTANCE_IDS;
use zec_api::wire::InstanceInfo;
use zec_api::InstanceStatus;
use zec_console::fleet::plan::FleetForm;
use zec_console::fleet::{self, Command, Event, Stage};
use zec_console::power_off::PowerCommand;

use crate::api::ApiClient;
use crate::app::AppContext;
use crate::browser;
use crate::live_status::{watch_statuses, Connection};

#[derive(Clone, Copy)]
pub struct Fleet {
    /// The selected instances as listed, in the order they were selected.
    pub selection: RwSignal<Vec<InstanceInfo>>,
    /// Statuses seen since, from the one subscription.
    pub statuses: RwSignal<HashMap<String, InstanceStatus>>,
    pub connection: RwSignal<Connection>,
    pub form: RwSignal<FleetForm>,
    pub stage: RwSignal<Stage>,
    app: StoredValue<AppContext>,
}

impl Fleet {
    pub fn new(app: AppContext) -> Fleet {
        Fleet {
            selection: RwSignal::new(vec![]),
            statuses: RwSignal::new(HashMap::new()),
            connection: RwSignal::new(Connection::Connecting),
            form: RwSignal::new(FleetForm::default()),
            stage: RwSignal::new(Stage::Selecting),
            app: StoredValue::new(app),
        }
    }

    fn api(&self) -> ApiClient {
        self.app.with_value(|app| app.api.clone())
    }

    pub fn is_selected(&self, instance_id: &str) -> bool {
        self.selection
            .with(|selected| selected.iter().any(|i| i.instance_id == instance_id))
    }

    /// Selects or deselects one instance (protected ones are never offered).
    pub fn toggle(&self, instance: &InstanceInfo, on: bool) {
        self.selection.update(|selected| {
            selected.retain(|i| i.instance_id != instance.instance_id);
            if on {
                selected.push(instance.clone());
            }
        });
    }

    /// The selected instances with the statuses seen since they were listed.
    pub fn targets(&self) -> Vec<InstanceInfo> {
        let statuses = self.statuses.get();
        self.selection.with(|selected| {
            selected
                .iter()
                .map(|instance| {
                    let mut instance = instance.clone();
                    if let Some(status) = statuses.get(&instance.instance_id) {
                        instance.status = status.clone();
                    }
                    instance
                })
                .collect()
        })
    }

    /// Follows the statuses of the selected instances until the calling view goes away: one
    /// stream (the proxy takes ≤ 100 ids per stream, so one per hundred). A question that
    /// waits for the network is asked again when the browser is back online.
    pub fn watch(&self) {
        let fleet = *self;
        let ids: Vec<String> = self
            .selection
            .with_untracked(|selected| selected.iter().map(|i| i.instance_id.clone()).collect());
        for ids in ids.chunks(MAX_INSTANCE_IDS) {
            watch_statuses(
                self.api(),
                ids.to_vec(),
                move |entry| {
                    fleet.statuses.try_update(|seen| {
                        seen.insert(entry.instance_id.clone(), entry.instance_status.clone())
                    });
                    fleet.send(Event::Status {
                        instance_id: entry.instance_id,
                        status: entry.instance_status,
                    });
                },
                move |connection| {
                    fleet.connection.try_set(connection);
                },
            );
        }
        browser::on_online(move || fleet.send(Event::Online));
    }

    /// Back to the list from whatever the fleet shows (the plan keeps what was entered).
    pub fn leave(&self) {
        match self.stage.get_untracked() {
            Stage::Selecting => {}
            Stage::Planning { .. } => self.send(Event::Back),
            Stage::Reviewing(_) => {
                self.send(Event::Cancel);
                self.send(Event::Back);
            }
            Stage::Running(batch) if batch.is_finished() => self.send(Event::Done),
            Stage::Running(_) => self.send(Event::Leave),
        }
    }

    /// Whether the live table may be left: a batch still running asks first.
    pub fn may_leave(&self) -> bool {
        let running = self
            .stage
            .with_untracked(|stage| matches!(stage, Stage::Running(batch) if !batch.is_finished()));
        !running
            || window()
                .confirm_with_message(
                    "The reinstalls go on without this page, but this table of their progress will not come back. Leave it?",
                )
                .unwrap_or(false)
    }

    /// Shows the plan of the selected instances; `false` when nothing is selected.
    pub fn open_plan(&self) -> bool {
        match self.stage.get_untracked() {
            Stage::Selecting if self.selection.with_untracked(Vec::is_empty) => false,
            Stage::Selecting => {
                self.send(Event::Plan);
                true
            }
            Stage::Planning { .. } | Stage::Reviewing(_) => true,
            Stage::Running(_) => false,
        }
    }

    pub fn is_running(&self) -> bool {
        self.stage
            .with_untracked(|stage| matches!(stage, Stage::Running(_)))
    }

    /// Runs one event through the flow and carries out the commands.
    pub fn send(&self, event: Event) {
        let Some(stage) = self.stage.try_get_untracked() else {
            return;
        };
        let (next, commands) = fleet::update(&stage, event);
        if next != stage {
            self.stage.set(next);
        }
        commands.into_iter().for_each(|command| self.run(command));
    }

    fn run(&self, command: Command) {
        let (fleet, api) = (*self, self.api());
        match command {
            Command::SendChunk { index, request } => leptos::task::spawn_local(async move {
                let answer = api.reset_instances(&request).await;
                fleet.send(Event::ChunkAnswered { index, answer });
            }),
            Command::AskOutcome {
                instance_id,
                delay_ms,
            } => leptos::task::spawn_local(async move {
                gloo_timers::future::TimeoutFuture::new(delay_ms).await;
                let found = api.instance(&instance_id).await.map(Box::new);
                fleet.send(Event::OutcomeFound { instance_id, found });
            }),
            Command::PowerOff(PowerCommand::SendStop(request)) => {
                leptos::task::spawn_local(async move {
                    let answer = api.stop_instances(&request).await;
                    let ids = request.instance_ids;
                    fleet.send(Event::StopAnswered { ids, answer });
                })
            }
            Command::PowerOff(PowerCommand::AskStatuses { ids, delay_ms }) => {
                leptos::task::spawn_local(async move {
                    gloo_timers::future::TimeoutFuture::new(delay_ms).await;
                    fleet.send(Event::StatusesFound(api.statuses_of(&ids).await));
                })
            }
            Command::ClearSelection => {
                self.selection.set(vec![]);
                self.statuses.set(HashMap::new());
                self.form.set(FleetForm::default());
            }
            Command::FocusReview => {
                let app = self.app.get_value();
                request_animation_frame(move || app.focus(&app.id("fleet-review")));
            }
        }
    }
}
