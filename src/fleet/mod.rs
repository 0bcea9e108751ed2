//! The browser's owner of a fleet reinstall: the selection, the plan form, the live statuses
//! and the flow's stage (`zec_console::fleet`) in signals. Views read them and send events;
//! `send` is the only way the stage changes, and the commands it returns are run here, their
//! results fed back in as events. After each change the confirmed batch is kept for the tab
//! (`Stage::kept`, never the password) and the other tabs hear what this one holds.

use std::collections::{HashMap, HashSet};

use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use zec_api::rules::{Field, MAX_INSTANCE_IDS};
use zec_api::wire::InstanceInfo;
use zec_api::InstanceStatus;
use zec_console::fleet::kept::resume;
use zec_console::fleet::plan::FleetForm;
use zec_console::fleet::{self, Command, Event, Stage};
use zec_console::power_off::PowerCommand;

use crate::api::{ApiClient, ApiError};
use crate::app::AppContext;
use crate::browser;
use crate::fleet_tabs::FleetTabs;
use crate::live_status::{watch_statuses, Connection};

mod run;

#[derive(Clone, Copy)]
pub struct Fleet {
    /// The selected instances as listed, in the order they were selected.
    pub selection: RwSignal<Vec<InstanceInfo>>,
    /// Statuses seen since, from the one subscription.
    pub statuses: RwSignal<HashMap<String, InstanceStatus>>,
    pub connection: RwSignal<Connection>,
    pub form: RwSignal<FleetForm>,
    /// Fields the user left after changing: their messages show (all after a review).
    pub touched: RwSignal<HashSet<Field>>,
    pub show_all: RwSignal<bool>,
    pub stage: RwSignal<Stage>,
    /// A generated password, shown once the batch is sent until the user says it is saved.
    /// Only in memory: never stored or logged.
    pub handover: RwSignal<Option<String>>,
    /// Why the instances of a new plan could not be read (and which), to try again.
    pub reload_error: RwSignal<Option<(Vec<String>, ApiError)>>,
    tabs: StoredValue<Option<FleetTabs>, LocalStorage>,
    app: StoredValue<AppContext>,
}

impl Fleet {
    /// The fleet of one list; a batch this tab confirmed before a reload is resumed.
    pub fn new(app: AppContext) -> Fleet {
        let fleet = Fleet {
            selection: RwSignal::new(vec![]),
            statuses: RwSignal::new(HashMap::new()),
            connection: RwSignal::new(Connection::Connecting),
            form: RwSignal::new(FleetForm::default()),
            touched: RwSignal::new(HashSet::new()),
            show_all: RwSignal::new(false),
            stage: RwSignal::new(Stage::Selecting),
            handover: RwSignal::new(None),
            reload_error: RwSignal::new(None),
            tabs: StoredValue::new_local(None),
            app: StoredValue::new(app),
        };
        let tabs = FleetTabs::open(move |instance_id, holds| {
            fleet.send(Event::OtherTab { instance_id, holds })
        });
        fleet.tabs.set_value(Some(tabs));
        fleet.guard_unload();
        if let Some(kept) = browser::kept_fleet() {
            let (stage, commands) = resume(&kept);
            fleet.changed(&stage);
            fleet.stage.set(stage);
            commands.into_iter().for_each(|command| fleet.run(command));
        }
        fleet
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

    /// The instances the fleet concerns now: the selection and the plan's.
    fn watched_ids(&self) -> Vec<String> {
        let mut ids: Vec<String> = self
            .selection
            .with_untracked(|selected| selected.iter().map(|i| i.instance_id.clone()).collect());
        let planned = self.stage.with_untracked(plan_ids);
        let new: Vec<String> = planned.into_iter().filter(|id| !ids.contains(id)).collect();
        ids.extend(new);
        ids
    }

    /// Follows the statuses of the fleet's instances until the calling view goes away: one
    /// stream per hundred (the proxy takes ≤ 100 ids per stream). A question that waits for
    /// the network is asked again when the browser is back online.
    pub fn watch(&self) {
        let fleet = *self;
        for ids in self.watched_ids().chunks(MAX_INSTANCE_IDS) {
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
            // Never left: `may_leave` refuses while a confirmed plan's snapshots are taken.
            Stage::Snapshotting(_) => {}
        }
    }

    /// Whether the live table may be left: a batch still running asks first.
    pub fn may_leave(&self) -> bool {
        let snapshotting = self
            .stage
            .with_untracked(|stage| matches!(stage, Stage::Snapshotting(_)));
        if snapshotting {
            // The confirmed plan is sent once its snapshots are ready: leaving now would drop
            // it, so the table stays (it offers what can be done instead).
            let _ = window().alert_with_message(&zec_console::i18n::text(
                zec_console::i18n::msg::StayWhileSnapshots,
            ));
            return false;
        }
        let running = self
            .stage
            .with_untracked(|stage| matches!(stage, Stage::Running(batch) if !batch.is_finished()));
        !running
            || window()
                .confirm_with_message(&zec_console::i18n::text(
                    zec_console::i18n::msg::LeaveFleetTable,
                ))
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
            Stage::Snapshotting(_) | Stage::Running(_) => false,
        }
    }

    pub fn is_running(&self) -> bool {
        self.stage
            .with_untracked(|stage| matches!(stage, Stage::Snapshotting(_) | Stage::Running(_)))
    }

    /// Runs one event through the flow and carries out the commands.
    pub fn send(&self, event: Event) {
        let Some(stage) = self.stage.try_get_untracked() else {
            return;
        };
        let (next, commands) = fleet::update(&stage, event);
        if next != stage {
            self.changed(&next);
            self.stage.set(next);
        }
        commands.into_iter().for_each(|command| self.run(command));
    }

    /// What follows from the stage alone: the batch kept for the tab, and what the other
    /// tabs hear.
    fn changed(&self, next: &Stage) {
        browser::keep_fleet(next.kept().as_ref());
        let held = next.held();
        let watched = plan_ids(next);
        self.tabs.with_value(|tabs| {
            if let Some(tabs) = tabs {
                tabs.hold(&held);
                tabs.watch(&watched);
            }
        });
    }

    /// Whether the field's message shows: once left after a change, or after a review.
    pub fn shows(&self, field: Field) -> bool {
        self.show_all.get() || self.touched.with(|touched| touched.contains(&field))
    }

    /// A field was left: its message may show now. A focused field can be left while the
    /// app is being removed (the widget unmounted): then nothing happens.
    pub fn touch(&self, field: Field) {
        if self.touched.try_with_untracked(|t| t.contains(&field)) == Some(false) {
            self.touched.try_update(|touched| {
                touched.insert(field);
            });
        }
    }

    /// Selects these instances as the API shows them now (a new plan of them).
    pub fn read_selection(&self, ids: Vec<String>) {
        let (fleet, api) = (*self, self.api());
        self.reload_error.set(None);
        leptos::task::spawn_local(async move {
            match api.instances(&ids).await {
                Ok(found) => {
                    let ordered = (ids.iter())
                        .filter_map(|id| found.iter().find(|i| i.instance_id == *id).cloned())
                        .collect();
                    fleet.statuses.try_update(|seen| {
                        ids.iter().for_each(|id| {
                            seen.remove(id);
                        })
                    });
                    fleet.selection.try_set(ordered);
                }
                Err(error) => {
                    fleet.reload_error.try_set(Some((ids, error)));
                }
            }
        });
    }

    /// "Back to the list" from the finished table: a generated password not saved yet asks
    /// first (it is shown nowhere else).
    pub fn may_leave_table(&self) -> bool {
        self.handover.with_untracked(Option::is_none)
            || window()
                .confirm_with_message(&zec_console::i18n::text(
                    zec_console::i18n::msg::PasswordNotSaved,
                ))
                .unwrap_or(false)
    }

    /// Asks before a reload or close leaves something on its way, or a plan's changes; and
    /// lets go of the plans this tab holds when it goes.
    fn guard_unload(&self) {
        let fleet = *self;
        let ask = Closure::<dyn FnMut(web_sys::BeforeUnloadEvent)>::new(
            move |event: web_sys::BeforeUnloadEvent| {
                let risk = fleet
                    .stage
                    .try_with_untracked(|stage| stage.leave_risk().is_some());
                let unsaved = fleet.handover.try_with_untracked(Option::is_some);
                if risk == Some(true) || unsaved == Some(true) {
                    event.prevent_default();
                    event.set_return_value("unsent changes");
                }
            },
        );
        let gone = Closure::<dyn FnMut()>::new(move || {
            fleet
                .tabs
                .try_with_value(|tabs| tabs.as_ref().map(FleetTabs::release));
        });
        let window = window();
        let _ =
            window.add_event_listener_with_callback("beforeunload", ask.as_ref().unchecked_ref());
        let _ = window.add_event_listener_with_callback("pagehide", gone.as_ref().unchecked_ref());
        let held = send_wrapper::SendWrapper::new((ask, gone));
        on_cleanup(move || {
            let (ask, gone) = held.take();
            let window = leptos::prelude::window();
            let _ = window
                .remove_event_listener_with_callback("beforeunload", ask.as_ref().unchecked_ref());
            let _ = window
                .remove_event_listener_with_callback("pagehide", gone.as_ref().unchecked_ref());
        });
    }
}

/// The instances of the plan the stage holds, if any.
fn plan_ids(stage: &Stage) -> Vec<String> {
    match stage {
        Stage::Reviewing(review) => review.plan.ids(),
        Stage::Snapshotting(snapshots) => snapshots.plan.ids(),
        Stage::Running(batch) => batch.plan.ids(),
        _ => vec![],
    }
}
