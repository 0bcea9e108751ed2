//! What the page must not drop silently. A confirmed batch is kept for the tab
//! (sessionStorage, never with its password) from Confirm until the user is done with its
//! table, so a reload resumes it: the table goes on, a call whose answer the reload lost is
//! resolved by asking, and a batch left while its snapshots were taken is shown as
//! interrupted (nothing erased) to review again. Leaving while something is on its way asks
//! first, and the other tabs hear which instances this one holds a confirmed plan for. All
//! of it follows from the stage alone.

use serde::{Deserialize, Serialize};
use zec_api::wire::ResetOptions;
use zec_api::InstanceStatus;

use crate::fleet::batch::{Batch, Chunk, Row};
use crate::fleet::changed::Changes;
use crate::fleet::plan::{FleetForm, FleetPlan, Target};
use crate::fleet::snapshots::{Shot, Snapshots};
use crate::fleet::undo::{BatchUndo, Mark};
use crate::fleet::{Command, Stage};
use crate::form::{LoginChoice, SnapshotChoice};
use crate::plan::TakenSnapshot;
use crate::resolve::Resolver;

/// A confirmed batch as kept for the tab.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct KeptBatch {
    pub targets: Vec<Target>,
    /// The options sent, without the password.
    pub options: ResetOptions,
    pub image_name: String,
    pub login: String,
    pub kept_until: Option<String>,
    pub taken: Vec<(String, TakenSnapshot)>,
    pub form: KeptForm,
    pub stage: KeptStage,
}

/// The plan's form, without its password.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct KeptForm {
    pub image_id: Option<String>,
    pub key_pair: bool,
    pub key_id: Option<String>,
    pub timezone: String,
    pub enable_agent: bool,
    pub user_data: String,
    pub snapshot_enabled: bool,
    pub retention_days: Option<u32>,
    pub snapshot_name: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum KeptStage {
    Snapshotting {
        rows: Vec<(String, KeptShot)>,
    },
    Running {
        rows: Vec<(String, KeptRow)>,
        /// (ids, request id) of each ResetInstances call.
        chunks: Vec<(Vec<String>, Option<String>)>,
        marks: Vec<(String, Mark)>,
        /// Instances being rolled back, or whose snapshot was being deleted.
        undoing: Vec<String>,
    },
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum KeptShot {
    Queued,
    /// CreateSnapshot was sent; its id is not known.
    Asked,
    Following(String),
    Taken(TakenSnapshot),
    Failed(String),
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum KeptRow {
    /// Sent, and no answer known (or one was being resolved).
    Unknown,
    InProgress(InstanceStatus),
    Running,
    ReinstallFailed,
    DidNotStart(String),
}

impl KeptForm {
    fn of(form: &FleetForm) -> KeptForm {
        KeptForm {
            image_id: form.image_id.clone(),
            key_pair: form.login == LoginChoice::KeyPair,
            key_id: form.key_id.clone(),
            timezone: form.timezone.clone(),
            enable_agent: form.enable_agent,
            user_data: form.user_data.clone(),
            snapshot_enabled: form.snapshot.enabled,
            retention_days: form.snapshot.retention_days,
            snapshot_name: form.snapshot.name.clone(),
        }
    }

    /// The form again, its password to be typed again.
    fn form(&self) -> FleetForm {
        FleetForm {
            image_id: self.image_id.clone(),
            login: match self.key_pair {
                true => LoginChoice::KeyPair,
                false => LoginChoice::Password,
            },
            password: String::new(),
            key_id: self.key_id.clone(),
            timezone: self.timezone.clone(),
            enable_agent: self.enable_agent,
            user_data: self.user_data.clone(),
            password_generated: false,
            snapshot: SnapshotChoice {
                enabled: self.snapshot_enabled,
                retention_days: self.retention_days,
                name: self.snapshot_name.clone(),
            },
        }
    }
}

impl KeptBatch {
    fn of(plan: &FleetPlan, taken: Vec<(String, TakenSnapshot)>, stage: KeptStage) -> KeptBatch {
        KeptBatch {
            targets: plan.targets.clone(),
            options: ResetOptions {
                password: None,
                ..plan.options.clone()
            },
            image_name: plan.image_name.clone(),
            login: plan.login.clone(),
            kept_until: plan.kept_until.clone(),
            taken,
            form: KeptForm::of(&plan.form),
            stage,
        }
    }

    /// The plan again, without its password (and without the review, which is not shown
    /// again: a new plan is reviewed anew).
    fn plan(&self) -> FleetPlan {
        FleetPlan {
            targets: self.targets.clone(),
            options: self.options.clone(),
            image_name: self.image_name.clone(),
            login: self.login.clone(),
            form: self.form.form(),
            kept_until: self.kept_until.clone(),
            taken: self.taken.clone(),
            review: vec![],
            hand_over_password: false,
        }
    }
}

impl Stage {
    /// The confirmed batch to keep for the tab now, if any.
    pub fn kept(&self) -> Option<KeptBatch> {
        match self {
            Stage::Snapshotting(s) => {
                let rows = (s.rows.iter())
                    .map(|(id, shot)| (id.clone(), kept_shot(shot)))
                    .collect();
                Some(KeptBatch::of(
                    &s.plan,
                    s.taken(),
                    KeptStage::Snapshotting { rows },
                ))
            }
            // A plan reviewed again with snapshots already taken: kept as interrupted.
            Stage::Reviewing(review) if !review.plan.taken.is_empty() => {
                let plan = &review.plan;
                let rows = (plan.targets.iter())
                    .filter(|t| t.snapshot.is_some())
                    .map(|t| {
                        let shot = plan.taken_of(&t.instance_id).cloned();
                        (
                            t.instance_id.clone(),
                            shot.map_or(KeptShot::Queued, KeptShot::Taken),
                        )
                    })
                    .collect();
                let stage = KeptStage::Snapshotting { rows };
                Some(KeptBatch::of(plan, plan.taken.clone(), stage))
            }
            Stage::Running(batch) => Some(KeptBatch::of(
                &batch.plan,
                batch.plan.taken.clone(),
                KeptStage::Running {
                    rows: (batch.rows.iter())
                        .map(|(id, row)| (id.clone(), kept_row(row)))
                        .collect(),
                    chunks: (batch.chunks.iter())
                        .map(|c| (c.instance_ids.clone(), c.request_id.clone()))
                        .collect(),
                    marks: batch.marks.clone(),
                    undoing: undoing(batch),
                },
            )),
            _ => None,
        }
    }

    /// The instances this tab holds a confirmed plan for (the other tabs must not confirm
    /// one too): from Confirm until their reinstall ended.
    pub fn held(&self) -> Vec<String> {
        match self {
            Stage::Snapshotting(s) if !s.interrupted => s.plan.ids(),
            Stage::Running(batch) => (batch.rows.iter())
                .filter(|(_, row)| {
                    !matches!(
                        row,
                        Row::Running | Row::ReinstallFailed | Row::DidNotStart(_)
                    )
                })
                .map(|(id, _)| id.clone())
                .collect(),
            _ => vec![],
        }
    }

    /// What leaving now would leave behind, if anything.
    pub fn leave_risk(&self) -> Option<LeaveRisk> {
        Some(match self {
            Stage::Snapshotting(s) if !s.interrupted => LeaveRisk::NotSentYet,
            Stage::Running(batch) if batch.undo.as_ref().is_some_and(is_under_way) => {
                LeaveRisk::Undoing
            }
            Stage::Running(batch) if !batch.is_finished() => LeaveRisk::Running,
            Stage::Planning {
                power_off: Some(_), ..
            }
            | Stage::Planning {
                deleting: Some(_), ..
            } => LeaveRisk::Undoing,
            _ => return None,
        })
    }
}

/// Why leaving needs a word first.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LeaveRisk {
    /// Confirmed, its snapshots being taken: nothing is erased and nothing sent if it goes.
    NotSentYet,
    /// The reinstalls run; they go on without the page.
    Running,
    /// A power-off, rollback or delete is on its way.
    Undoing,
}

fn is_under_way(undo: &BatchUndo) -> bool {
    !matches!(undo, BatchUndo::AskingRollback(_) | BatchUndo::AskingDelete)
}

fn undoing(batch: &Batch) -> Vec<String> {
    match &batch.undo {
        Some(BatchUndo::RollingBack(rollback)) => {
            rollback.rows.iter().map(|(id, _)| id.clone()).collect()
        }
        Some(BatchUndo::Deleting(_)) => batch.deletable().into_iter().map(|(id, _)| id).collect(),
        _ => vec![],
    }
}

fn kept_shot(shot: &Shot) -> KeptShot {
    match shot {
        Shot::Queued => KeptShot::Queued,
        Shot::Creating | Shot::Finding(_) => KeptShot::Asked,
        Shot::Following { snapshot_id, .. } => KeptShot::Following(snapshot_id.clone()),
        Shot::Taken(taken) => KeptShot::Taken(taken.clone()),
        Shot::Failed(why) => KeptShot::Failed(why.clone()),
    }
}

fn kept_row(row: &Row) -> KeptRow {
    match row {
        Row::Sending | Row::Checking(_) => KeptRow::Unknown,
        Row::InProgress(status) => KeptRow::InProgress(status.clone()),
        Row::Running => KeptRow::Running,
        Row::ReinstallFailed => KeptRow::ReinstallFailed,
        Row::DidNotStart(why) => KeptRow::DidNotStart(why.clone()),
    }
}

/// The stage a reload resumes from a kept batch, and the questions to ask first: a call
/// whose answer the reload lost is resolved by asking, never sent again.
pub fn resume(kept: &KeptBatch) -> (Stage, Vec<Command>) {
    let plan = kept.plan();
    let mut commands = vec![];
    match &kept.stage {
        KeptStage::Running {
            rows,
            chunks,
            marks,
            undoing,
        } => {
            let rows = (rows.iter())
                .map(|(id, row)| {
                    let row = match row {
                        KeptRow::Unknown => {
                            let (asking, delay_ms) = Resolver::start();
                            commands.push(Command::AskOutcome {
                                instance_id: id.clone(),
                                delay_ms,
                            });
                            Row::Checking(asking)
                        }
                        KeptRow::InProgress(status) => Row::InProgress(status.clone()),
                        KeptRow::Running => Row::Running,
                        KeptRow::ReinstallFailed => Row::ReinstallFailed,
                        KeptRow::DidNotStart(why) => Row::DidNotStart(why.clone()),
                    };
                    (id.clone(), row)
                })
                .collect();
            let mut batch = Batch {
                plan,
                chunks: (chunks.iter())
                    .map(|(ids, request_id)| Chunk {
                        instance_ids: ids.clone(),
                        request_id: request_id.clone(),
                        error: None,
                    })
                    .collect(),
                rows,
                live: vec![],
                undo: None,
                marks: marks.clone(),
            };
            batch.mark(
                undoing
                    .iter()
                    .map(|id| (id.clone(), Mark::Unknown))
                    .collect(),
            );
            (Stage::Running(Box::new(batch)), commands)
        }
        KeptStage::Snapshotting { rows } => {
            let mut snapshots = Snapshots {
                plan,
                rows: vec![],
                polling: None,
                interrupted: true,
                changes: Changes::default(),
            };
            let mut following = vec![];
            for (id, shot) in rows {
                let shot = match shot {
                    KeptShot::Queued => Shot::Queued,
                    KeptShot::Asked => {
                        let (asking, delay_ms) = Resolver::start();
                        if let Some(request) =
                            snapshots.plan.target(id).and_then(|t| t.snapshot.clone())
                        {
                            commands.push(Command::FindSnapshot {
                                instance_id: id.clone(),
                                disk_id: request.disk_id,
                                name: request.snapshot_name,
                                delay_ms,
                            });
                        }
                        Shot::Finding(asking)
                    }
                    KeptShot::Following(snapshot_id) => {
                        following.push(snapshot_id.clone());
                        Shot::Following {
                            snapshot_id: snapshot_id.clone(),
                            status: zec_api::SnapshotStatus::Creating,
                        }
                    }
                    KeptShot::Taken(taken) => Shot::Taken(taken.clone()),
                    KeptShot::Failed(why) => Shot::Failed(why.clone()),
                };
                snapshots.rows.push((id.clone(), shot));
            }
            if !following.is_empty() {
                snapshots.polling = Some(following.clone());
                commands.push(Command::ReadSnapshots {
                    ids: following,
                    delay_ms: 0,
                });
            }
            (Stage::Snapshotting(Box::new(snapshots)), commands)
        }
    }
}
