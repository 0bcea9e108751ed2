//! The browser's owner of one instance's reinstall: the flow's state (`zec_console::session`)
//! in a signal, the form, the one status subscription and the boot disk's snapshots. Views
//! read its signals and send intents; `send` is the only way the flow's state changes, and
//! the commands the transition returns are run here, their results fed back in as events.

use std::sync::Arc;

use leptos::prelude::*;
use zec_api::grant::Permission;
use zec_api::wire::{InstanceInfo, SnapshotInfo};
use zec_api::{InstanceStatus, SnapshotStatus};
use zec_console::form::Catalog;
use zec_console::permits::Permits;
use zec_console::plan::ReinstallPlan;
use zec_console::session::{self, ActiveReinstall, Env, Event, KeptPlan, Panel};

use crate::api::{ApiClient, ApiError};
use crate::app::AppContext;
use crate::browser;
pub use crate::form_state::FormState;
use crate::live_status::{watch_statuses, Connection};
use crate::tabs::TabLink;

mod leave;
mod run;

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
    /// What the other tabs hear from this panel, and tell it.
    tabs: StoredValue<TabLink, LocalStorage>,
    /// Where "Done" leads; `None` (a widget for one instance) starts a fresh form instead.
    on_leave: Option<Callback<()>>,
}

impl Session {
    /// Starts the session of a loaded instance; `resumed` is a reinstall a reload found,
    /// `kept` a confirmed plan the page left before it was carried out.
    pub fn start(
        app: AppContext,
        instance: InstanceInfo,
        catalog: Catalog,
        resumed: Option<ActiveReinstall>,
        kept: Option<KeptPlan>,
        on_leave: Option<Callback<()>>,
    ) -> Session {
        let instance_id = instance.instance_id.clone();
        let (policy, permits) = (app.protection.get_untracked(), app.permits.get_untracked());
        let env = Env {
            now_ms: browser::now_ms(),
            policy: &policy,
            permits: &permits,
        };
        let (panel, commands) = session::start(instance, resumed, kept, env);
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
            tabs: StoredValue::new_local(TabLink::none()),
            on_leave,
        };
        let news = move |holds| session.send(Event::OtherTab(holds));
        session.tabs.set_value(TabLink::open(&instance_id, news));
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

    /// Whether the snapshot is listed and AVAILABLE (it can be rolled back to or deleted).
    pub fn snapshot_usable(&self, snapshot_id: &str) -> bool {
        self.snapshots.with(|list| {
            matches!(list, Some(Ok(list)) if list.iter().any(|s| s.snapshot_id == snapshot_id && s.status == SnapshotStatus::Available))
        })
    }
}
