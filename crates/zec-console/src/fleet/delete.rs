//! Deleting the snapshots a batch took: DeleteSnapshots once per ≤ 100 ids; a lost answer
//! is resolved by reading those snapshots (gone or DELETING means deleted), never by
//! sending again.

use zec_api::rules::MAX_INSTANCE_IDS;
use zec_api::wire::SnapshotInfo;
use zec_api::SnapshotStatus;

use crate::error::ApiError;
use crate::fleet::Command;
use crate::resolve::Resolver;

/// One DeleteSnapshots call.
#[derive(Clone, Debug, PartialEq)]
pub enum Call {
    /// Sent; no answer yet.
    Sending,
    /// The answer was lost: reading the snapshots to see.
    Checking(Resolver),
    Done,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Deletion {
    /// (snapshot ids, its call).
    pub calls: Vec<(Vec<String>, Call)>,
    /// How each snapshot ended: `Ok` deleted, `Err` why not.
    pub ended: Vec<(String, Result<(), String>)>,
}

impl Deletion {
    /// Confirmed: DeleteSnapshots for these ids.
    pub fn start(snapshot_ids: &[String]) -> (Deletion, Vec<Command>) {
        let chunks: Vec<Vec<String>> = (snapshot_ids.chunks(MAX_INSTANCE_IDS))
            .map(<[String]>::to_vec)
            .collect();
        let commands = (chunks.iter())
            .map(|ids| Command::DeleteSnapshots(ids.clone()))
            .collect();
        let deletion = Deletion {
            calls: chunks.into_iter().map(|ids| (ids, Call::Sending)).collect(),
            ended: vec![],
        };
        (deletion, commands)
    }

    pub fn is_done(&self) -> bool {
        self.calls.iter().all(|(_, call)| *call == Call::Done)
    }

    /// Why a lost answer could not be resolved yet ("Check again").
    pub fn waiting(&self) -> Option<&ApiError> {
        self.calls.iter().find_map(|(_, call)| match call {
            Call::Checking(asking) => asking.waiting(),
            _ => None,
        })
    }

    fn call(&mut self, ids: &[String]) -> Option<&mut Call> {
        (self.calls.iter_mut())
            .find(|(named, _)| named == ids)
            .map(|(_, call)| call)
    }

    fn end(&mut self, ids: &[String], result: impl Fn(&str) -> Result<(), String>) {
        for id in ids {
            self.ended.push((id.clone(), result(id)));
        }
        if let Some(call) = self.call(ids) {
            *call = Call::Done;
        }
    }

    pub fn answered(
        &mut self,
        ids: &[String],
        answer: Result<Vec<String>, ApiError>,
    ) -> Vec<Command> {
        if self.call(ids).cloned() != Some(Call::Sending) {
            return vec![];
        }
        match answer {
            Ok(failed) => {
                let reason = crate::fleet::words::not_deleted();
                self.end(ids, |id| match failed.iter().any(|f| f == id) {
                    true => Err(reason.clone()),
                    false => Ok(()),
                });
                vec![]
            }
            Err(error) if error.outcome_unknown() => {
                let (asking, delay_ms) = Resolver::start();
                *self.call(ids).expect("the call is there") = Call::Checking(asking);
                vec![Command::ReadDeleted {
                    ids: ids.to_vec(),
                    delay_ms,
                }]
            }
            Err(error) => {
                let reason = error.describe();
                self.end(ids, |_| Err(reason.clone()));
                vec![]
            }
        }
    }

    /// After a lost answer: gone or DELETING means deleted; anything else was not.
    pub fn read(
        &mut self,
        ids: &[String],
        found: Result<Vec<SnapshotInfo>, ApiError>,
    ) -> Vec<Command> {
        let Some(Call::Checking(asking)) = self.call(ids).cloned() else {
            return vec![];
        };
        match found {
            Ok(listed) => {
                let reason = crate::fleet::words::not_deleted_nothing_sent();
                self.end(ids, |id| {
                    let status = listed
                        .iter()
                        .find(|s| s.snapshot_id == id)
                        .map(|s| &s.status);
                    match status {
                        None | Some(SnapshotStatus::Deleting) => Ok(()),
                        Some(_) => Err(reason.clone()),
                    }
                });
                vec![]
            }
            Err(error) => {
                let (asking, delay) = asking.failed(error);
                *self.call(ids).expect("the call is there") = Call::Checking(asking);
                delay
                    .map(|delay_ms| Command::ReadDeleted {
                        ids: ids.to_vec(),
                        delay_ms,
                    })
                    .into_iter()
                    .collect()
            }
        }
    }

    /// "Check again", or the browser is online again.
    pub fn check_again(&mut self) -> Vec<Command> {
        let mut commands = vec![];
        for (ids, call) in &mut self.calls {
            if let Call::Checking(asking) = call {
                let (asking, delay) = asking.again();
                *call = Call::Checking(asking);
                if let Some(delay_ms) = delay {
                    commands.push(Command::ReadDeleted {
                        ids: ids.clone(),
                        delay_ms,
                    });
                }
            }
        }
        commands
    }
}
