//! The fleet's flow, in the fleet's part: `send` runs an event through
//! `zec_console::fleet::update` and carries out its commands (`run`); `start` installs it
//! when the part first loads: the other tabs' link, the guard before a reload or close, the
//! batch a reload resumes, then the plan asked for while the part was downloading.

use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use zec_api::rules::MAX_INSTANCE_IDS;
use zec_console::fleet::kept::resume;
use zec_console::fleet::{self, Event, Stage};

use super::{Fleet, Flow, Opening};
use crate::browser;
use crate::fleet_tabs::FleetTabs;
use crate::live_status::watch_statuses;

impl Fleet {
    /// Installs the flow, once per app (the part's first view, or the resumed batch at
    /// start). Its listeners belong to the app's owner, so they last as long as the app.
    pub fn start(&self) {
        // Installed already, or the app is gone (a widget removed while the part downloaded).
        if self.flow.try_with_value(Option::is_some) != Some(false) {
            return;
        }
        match self.owner.get_value() {
            Some(owner) => {
                if let Some(owner) = owner.upgrade() {
                    owner.with(|| self.install());
                }
            }
            None => self.install(),
        }
    }

    fn install(&self) {
        let fleet = *self;
        let tabs = FleetTabs::open(move |instance_id, holds| {
            fleet.send(Event::OtherTab { instance_id, holds })
        });
        self.flow.set_value(Some(Flow {
            plan: |fleet| fleet.send(Event::Plan),
            leave: Fleet::leave_stage,
            tabs: StoredValue::new_local(Some(tabs)),
        }));
        self.guard_unload();
        if let Some(kept) = browser::kept_fleet() {
            let (stage, commands) = resume(&kept);
            self.changed(&stage);
            self.stage.set(stage);
            commands.into_iter().for_each(|command| self.run(command));
        }
        let asked = self.opening.get_untracked() == Some(Opening::Plan);
        if asked
            && self
                .stage
                .with_untracked(|stage| *stage == Stage::Selecting)
        {
            self.send(Event::Plan);
        }
        self.opening.set(None);
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

    /// Back to the list from whatever the fleet shows (`Fleet::leave`).
    fn leave_stage(&self) {
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
        let Some(Some(flow)) = self.flow.try_get_value() else {
            return;
        };
        flow.tabs.with_value(|tabs| {
            if let Some(tabs) = tabs {
                tabs.hold(&held);
                tabs.watch(&watched);
            }
        });
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
            let flow = fleet.flow.try_get_value().flatten();
            if let Some(flow) = flow {
                flow.tabs
                    .try_with_value(|tabs| tabs.as_ref().map(FleetTabs::release));
            }
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
