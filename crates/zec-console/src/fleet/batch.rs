//! One running batch: every instance has its row, `Sending` until its chunk's answer; the ids
//! the answer lists as failed did not start; a lost answer is resolved per instance by
//! asking DescribeInstances (`resolve`), never by sending again; statuses from the one
//! stream finish the rows. Once finished, its undo (`undo`) works on the same rows.

use zec_api::wire::InstanceInfo;
use zec_api::{InstanceStatus, ReinstallPhase};

use crate::error::ApiError;
use crate::fleet::plan::FleetPlan;
use crate::fleet::undo::{BatchUndo, Mark};
use crate::fleet::{words, Command};
use crate::resolve::Resolver;

#[derive(Clone, Debug, PartialEq)]
pub enum Row {
    /// Its chunk was sent; no answer yet.
    Sending,
    /// The answer was lost: asking the API what happened. Once the resolver waits, the row
    /// counts as failed ("Unknown") and offers "Check again".
    Checking(Resolver),
    /// The reinstall runs (DEPLOYING, REBUILDING, …).
    InProgress(InstanceStatus),
    Running,
    ReinstallFailed,
    /// The reinstall never started, and why.
    DidNotStart(String),
}

impl Row {
    pub fn is_failed(&self) -> bool {
        match self {
            Row::ReinstallFailed | Row::DidNotStart(_) => true,
            Row::Checking(asking) => asking.waiting().is_some(),
            _ => false,
        }
    }

    pub fn is_in_progress(&self) -> bool {
        match self {
            Row::Sending | Row::InProgress(_) => true,
            Row::Checking(asking) => asking.waiting().is_none(),
            _ => false,
        }
    }
}

/// One ResetInstances call of the batch: its ids and, once answered, its request id.
#[derive(Clone, Debug, PartialEq)]
pub struct Chunk {
    pub instance_ids: Vec<String>,
    pub request_id: Option<String>,
    /// Why the whole call failed, when it did.
    pub error: Option<ApiError>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Batch {
    pub plan: FleetPlan,
    pub chunks: Vec<Chunk>,
    /// (instance id, row), in the plan's order.
    pub rows: Vec<(String, Row)>,
    /// The last status the stream showed of each instance.
    pub live: Vec<(String, InstanceStatus)>,
    /// The rollback or delete under way, if any.
    pub undo: Option<BatchUndo>,
    /// How an undo ended, per instance.
    pub marks: Vec<(String, Mark)>,
}

impl Batch {
    /// Confirm: the plan's ResetInstances calls, every row `Sending`.
    pub fn start(plan: &FleetPlan) -> (Batch, Vec<Command>) {
        let requests = plan.requests();
        let batch = Batch {
            plan: plan.clone(),
            chunks: requests
                .iter()
                .map(|request| Chunk {
                    instance_ids: request.instance_ids.clone(),
                    request_id: None,
                    error: None,
                })
                .collect(),
            rows: plan
                .ids()
                .into_iter()
                .map(|id| (id, Row::Sending))
                .collect(),
            live: vec![],
            undo: None,
            marks: vec![],
        };
        let commands = requests
            .into_iter()
            .enumerate()
            .map(|(index, request)| Command::SendChunk {
                index,
                request,
                hand_over_password: plan.hand_over_password && index == 0,
            })
            .collect();
        (batch, commands)
    }

    /// The last status the stream showed of an instance.
    pub fn status_of(&self, instance_id: &str) -> Option<InstanceStatus> {
        (self.live.iter())
            .find(|(id, _)| id == instance_id)
            .map(|(_, status)| status.clone())
    }

    pub fn mark_of(&self, instance_id: &str) -> Option<&Mark> {
        (self.marks.iter())
            .find(|(id, _)| id == instance_id)
            .map(|(_, mark)| mark)
    }

    /// Records how an undo ended for these instances.
    pub fn mark(&mut self, marks: Vec<(String, Mark)>) {
        for (id, mark) in marks {
            self.marks.retain(|(seen, _)| *seen != id);
            self.marks.push((id, mark));
        }
    }

    pub fn row(&self, instance_id: &str) -> Option<&Row> {
        self.rows
            .iter()
            .find(|(id, _)| id == instance_id)
            .map(|(_, row)| row)
    }

    fn set(&mut self, instance_id: &str, row: Row) {
        if let Some((_, slot)) = self.rows.iter_mut().find(|(id, _)| id == instance_id) {
            *slot = row;
        }
    }

    /// (in progress, running, failed).
    pub fn totals(&self) -> (usize, usize, usize) {
        let count = |test: fn(&Row) -> bool| self.rows.iter().filter(|(_, row)| test(row)).count();
        (
            count(Row::is_in_progress),
            count(|row| *row == Row::Running),
            count(Row::is_failed),
        )
    }

    pub fn is_finished(&self) -> bool {
        self.totals().0 == 0
    }

    /// The answer of chunk `index`; a second answer to the same chunk changes nothing.
    pub fn answered(
        &mut self,
        index: usize,
        answer: Result<(Vec<String>, String), ApiError>,
    ) -> Vec<Command> {
        let Some(chunk) = self.chunks.get_mut(index) else {
            return vec![];
        };
        if chunk.request_id.is_some() || chunk.error.is_some() {
            return vec![];
        }
        let ids = chunk.instance_ids.clone();
        match answer {
            Ok((failed, request_id)) => {
                chunk.request_id = Some(request_id);
                for id in &ids {
                    let row = if failed.contains(id) {
                        Row::DidNotStart(words::listed_as_failed())
                    } else {
                        Row::InProgress(InstanceStatus::Deploying)
                    };
                    self.set(id, row);
                }
                vec![]
            }
            Err(error) if error.outcome_unknown() => {
                chunk.error = Some(error);
                let (asking, delay_ms) = Resolver::start();
                ids.into_iter()
                    .map(|instance_id| {
                        self.set(&instance_id, Row::Checking(asking.clone()));
                        Command::AskOutcome {
                            instance_id,
                            delay_ms,
                        }
                    })
                    .collect()
            }
            Err(error) => {
                chunk.request_id = error.request_id().map(str::to_owned);
                let reason = error.message();
                chunk.error = Some(error);
                ids.iter()
                    .for_each(|id| self.set(id, Row::DidNotStart(reason.clone())));
                vec![]
            }
        }
    }

    /// What DescribeInstances says about one instance whose answer was lost.
    pub fn outcome(
        &mut self,
        instance_id: &str,
        found: Result<Box<InstanceInfo>, ApiError>,
    ) -> Vec<Command> {
        let Some(Row::Checking(asking)) = self.row(instance_id).cloned() else {
            return vec![];
        };
        let instance = match found {
            Ok(instance) => instance,
            Err(error) => {
                let (asking, delay) = asking.failed(error);
                self.set(instance_id, Row::Checking(asking));
                return delay
                    .map(|delay_ms| Command::AskOutcome {
                        instance_id: instance_id.to_owned(),
                        delay_ms,
                    })
                    .into_iter()
                    .collect();
            }
        };
        let planned = self.plan.options.image_id.as_deref() == Some(instance.image_id.as_str());
        let row = match instance.status.reinstall_phase() {
            ReinstallPhase::InProgress => Row::InProgress(instance.status),
            ReinstallPhase::Succeeded if planned => Row::Running,
            ReinstallPhase::Failed => Row::ReinstallFailed,
            _ => Row::DidNotStart(words::still(&instance.status)),
        };
        self.set(instance_id, row);
        vec![]
    }

    /// "Check again" on one row (or every waiting row when the browser is online again).
    pub fn check_again(&mut self, only: Option<&str>) -> Vec<Command> {
        let nudged: Vec<(String, Resolver, Option<u32>)> = self
            .rows
            .iter()
            .filter(|(id, _)| only.is_none_or(|only| only == id))
            .filter_map(|(id, row)| match row {
                Row::Checking(asking) => {
                    let (asking, delay) = asking.again();
                    Some((id.clone(), asking, delay))
                }
                _ => None,
            })
            .collect();
        nudged
            .into_iter()
            .filter_map(|(instance_id, asking, delay)| {
                self.set(&instance_id, Row::Checking(asking));
                delay.map(|delay_ms| Command::AskOutcome {
                    instance_id,
                    delay_ms,
                })
            })
            .collect()
    }

    /// A status from the one stream. Only a started reinstall is followed; a lost answer is
    /// still asked about, but a status that shows the reinstall running settles it too.
    pub fn seen(&mut self, instance_id: &str, status: InstanceStatus) {
        self.live.retain(|(id, _)| id != instance_id);
        self.live.push((instance_id.to_owned(), status.clone()));
        let row = match (self.row(instance_id), status.reinstall_phase()) {
            (Some(Row::InProgress(_) | Row::Checking(_)), ReinstallPhase::InProgress) => {
                Row::InProgress(status)
            }
            (Some(Row::InProgress(_)), ReinstallPhase::Succeeded) => Row::Running,
            (Some(Row::InProgress(_)), ReinstallPhase::Failed) => Row::ReinstallFailed,
            _ => return,
        };
        self.set(instance_id, row);
    }
}
