//! The commands the fleet's flow returns, carried out: calls (their answers come back as
//! events), storage, the other tabs, the selection, the form, focus.

use std::collections::{HashMap, HashSet};

use leptos::prelude::*;
use zec_console::fleet::plan::FleetForm;
use zec_console::fleet::{Command, Event};
use zec_console::power_off::PowerCommand;

use super::Fleet;
use crate::api::ApiClient;

impl Fleet {
    /// Runs a call and feeds its answer back in as an event.
    pub(super) fn answer<F>(&self, delay_ms: u32, call: impl FnOnce(ApiClient) -> F + 'static)
    where
        F: std::future::Future<Output = Event> + 'static,
    {
        let (fleet, api) = (*self, self.api());
        leptos::task::spawn_local(async move {
            if delay_ms > 0 {
                gloo_timers::future::TimeoutFuture::new(delay_ms).await;
            }
            fleet.send(call(api).await);
        });
    }

    pub(super) fn run(&self, command: Command) {
        match command {
            Command::SendChunk {
                index,
                request,
                hand_over_password,
            } => {
                if hand_over_password {
                    self.handover.set(request.options.password.clone());
                }
                self.answer(0, move |api| async move {
                    let answer = api.reset_instances(&request).await;
                    Event::ChunkAnswered { index, answer }
                })
            }
            Command::AskOutcome {
                instance_id,
                delay_ms,
            } => self.answer(delay_ms, move |api| async move {
                let found = api.instance(&instance_id).await.map(Box::new);
                Event::OutcomeFound { instance_id, found }
            }),
            Command::CreateSnapshot {
                instance_id,
                request,
            } => self.answer(0, move |api| async move {
                let answer = api.create_snapshot(&request).await;
                Event::SnapshotCreated {
                    instance_id,
                    answer,
                }
            }),
            Command::FindSnapshot {
                instance_id,
                disk_id,
                name,
                delay_ms,
            } => self.answer(delay_ms, move |api| async move {
                let found = api.snapshots_of_disk(&disk_id, Some(&name)).await;
                let found = found.map(|listed| listed.into_iter().next());
                Event::SnapshotFound { instance_id, found }
            }),
            Command::ReadSnapshots { ids, delay_ms } => self
                .answer(delay_ms, move |api| async move {
                    Event::SnapshotsRead(api.snapshots(&ids).await)
                }),
            Command::ReadSnapshot {
                instance_id,
                snapshot_id,
                delay_ms,
            } => self.answer(delay_ms, move |api| async move {
                let seen = api.snapshot(&snapshot_id).await;
                Event::SnapshotSeen { instance_id, seen }
            }),
            Command::Apply {
                instance_id,
                request,
            } => self.answer(0, move |api| async move {
                let answer = api.apply_snapshot(&request).await;
                Event::ApplyAnswered {
                    instance_id,
                    answer,
                }
            }),
            Command::DeleteSnapshots(ids) => self.answer(0, move |api| async move {
                let answer = api.delete_snapshots(&ids).await;
                Event::DeleteAnswered { ids, answer }
            }),
            Command::ReadDeleted { ids, delay_ms } => {
                self.answer(delay_ms, move |api| async move {
                    let found = api.snapshots(&ids).await;
                    Event::DeletedRead { ids, found }
                })
            }
            Command::PowerOff(PowerCommand::SendStop(request)) => {
                self.answer(0, move |api| async move {
                    let answer = api.stop_instances(&request).await;
                    let ids = request.instance_ids;
                    Event::StopAnswered { ids, answer }
                })
            }
            Command::PowerOff(PowerCommand::AskStatuses { ids, delay_ms }) => self
                .answer(delay_ms, move |api| async move {
                    Event::StatusesFound(api.statuses_of(&ids).await)
                }),
            Command::PlanAgain { ids, form } => {
                self.form.set(*form);
                self.touched.set(HashSet::new());
                self.show_all.set(false);
                self.read_selection(ids);
            }
            Command::Deselect(ids) => self
                .selection
                .update(|selected| selected.retain(|i| !ids.contains(&i.instance_id))),
            Command::ClearSelection => {
                self.selection.set(vec![]);
                self.statuses.set(HashMap::new());
                self.form.set(FleetForm::default());
                self.touched.set(HashSet::new());
                self.show_all.set(false);
            }
            Command::FocusReview => {
                let app = self.app.get_value();
                request_animation_frame(move || app.focus(&app.id("fleet-review")));
            }
        }
    }
}
