//! The browser's owner of a fleet reinstall: the selection, the plan form, the live statuses
//! and the flow's stage (`zec_console::fleet`) in signals. Views read them and send events;
//! `send` is the only way the stage changes, and the commands it returns are run by the
//! owner, their results fed back in as events. After each change the confirmed batch is kept
//! for the tab (`Stage::kept`, never the password) and the other tabs hear what this one
//! holds.
//!
//! In two halves, for the size of the first download (docs/size.md). This handle is in the
//! main module: the list ticks the selection here (so a part that fails to download never
//! loses it) and the app's routing reads the route and the leave guard. The flow (`flow`:
//! `send`, the other tabs, the guard before a reload, the resumed batch; `run`: the commands
//! and their calls) is in the fleet's part, which installs it when it first loads
//! (`Fleet::start`, called by `crate::chunks`); the main module reaches it only through the
//! function pointers of `Flow`, which only the part's code names.

use std::collections::{HashMap, HashSet};

use leptos::prelude::*;
use zec_api::rules::Field;
use zec_api::wire::InstanceInfo;
use zec_api::InstanceStatus;
use zec_console::fleet::plan::FleetForm;
use zec_console::fleet::Stage;
use zec_console::route::Route;

use crate::api::{ApiClient, ApiError};
use crate::app::AppContext;
use crate::browser;
use crate::chunks;
use crate::live_status::Connection;

mod flow;
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
    /// What the list's place shows while the fleet's part downloads (its flow not installed
    /// yet): the plan asked for, or the batch a reload resumes.
    opening: RwSignal<Option<Opening>>,
    /// The flow, once the fleet's part has installed it.
    flow: StoredValue<Option<Flow>>,
    /// The app's owner: the flow's listeners live as long as the app, not as the view that
    /// first showed the fleet (weak: the owner holds this value; `None`: created outside
    /// any owner).
    owner: StoredValue<Option<WeakOwner>>,
    app: StoredValue<AppContext>,
}

/// Why the fleet's part is being downloaded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Opening {
    Plan,
    Batch,
}

/// What only the fleet's part carries out, installed by it (`Fleet::start`).
#[derive(Clone, Copy)]
struct Flow {
    /// "Reinstall N selected…": `Event::Plan`.
    plan: fn(&Fleet),
    /// Back to the list from whatever the fleet shows.
    leave: fn(&Fleet),
    /// The link to the other tabs (`None` without BroadcastChannel).
    tabs: StoredValue<Option<crate::fleet_tabs::FleetTabs>, LocalStorage>,
}

impl Fleet {
    /// The fleet of one list. A batch this tab confirmed before a reload is resumed at once:
    /// the fleet's part is downloaded for it (the list's place says so meanwhile).
    pub fn new(app: AppContext) -> Fleet {
        let resumes = browser::holds_kept_fleet();
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
            opening: RwSignal::new(resumes.then_some(Opening::Batch)),
            flow: StoredValue::new(None),
            owner: StoredValue::new(Owner::current().map(|owner| owner.downgrade())),
            app: StoredValue::new(app),
        };
        if resumes {
            // A failed download leaves the batch kept: the list's place offers to try again.
            leptos::task::spawn_local(async move {
                let _ = chunks::start_fleet(fleet).await;
            });
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

    /// What the list's place shows, as a route (tracked): the list, or the fleet's plan or
    /// batch, also while the fleet's part downloads to show it.
    pub fn route(&self) -> Route {
        let opening = self.opening.get();
        self.stage.with(|stage| match (stage, opening) {
            (Stage::Selecting, None) => Route::List,
            (Stage::Selecting, Some(Opening::Plan))
            | (Stage::Planning { .. } | Stage::Reviewing(_), _) => Route::FleetPlan,
            (Stage::Selecting, Some(Opening::Batch))
            | (Stage::Snapshotting(_) | Stage::Running(_), _) => Route::FleetBatch,
        })
    }

    /// "Reinstall N selected…": the plan of the selection (once the fleet's part is there).
    pub fn open(&self) {
        match self.flow.get_value() {
            Some(flow) => (flow.plan)(self),
            None => self.opening.set(Some(Opening::Plan)),
        }
    }

    /// Back to the list from whatever the fleet shows (the plan keeps what was entered).
    pub fn leave(&self) {
        self.opening.set(None);
        if let Some(flow) = self.flow.get_value() {
            (flow.leave)(self);
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
        // Read in place: cloning or comparing the stage would bring its plans into the main
        // module.
        let (selecting, planning) = self.stage.with_untracked(|stage| {
            let planning = matches!(stage, Stage::Planning { .. } | Stage::Reviewing(_));
            (matches!(stage, Stage::Selecting), planning)
        });
        match selecting {
            true if self.selection.with_untracked(Vec::is_empty) => false,
            true => {
                self.open();
                true
            }
            false => planning,
        }
    }

    /// Whether a confirmed batch is under way (or being resumed).
    pub fn is_running(&self) -> bool {
        self.opening.get_untracked() == Some(Opening::Batch)
            || self
                .stage
                .with_untracked(|stage| matches!(stage, Stage::Snapshotting(_) | Stage::Running(_)))
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
}
