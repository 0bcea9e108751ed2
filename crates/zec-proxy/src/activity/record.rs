//! A record of the history as the store keeps it: the call (who, from where, what), its
//! [`Progress`] (what became of it), and where it stands ([`Phase`]).

use zec_api::activity::{
    ActivityEntry, ActivityPlan, InstanceActivity, Outcome, RefusedBy, SnapshotActivity,
};

/// Where a record stands. Open records (all but `Done`) are held by one replica at a time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Phase {
    /// Written; the call is being forwarded.
    Sending,
    /// Accepted: followed until every instance or snapshot reaches its end state.
    Following,
    /// The answer was lost (or its replica stopped while sending): the API is to be asked.
    Resolving,
    Done,
}

impl Phase {
    pub fn as_str(self) -> &'static str {
        match self {
            Phase::Sending => "sending",
            Phase::Following => "following",
            Phase::Resolving => "resolving",
            Phase::Done => "done",
        }
    }

    fn from_name(name: &str) -> Option<Phase> {
        [
            Phase::Sending,
            Phase::Following,
            Phase::Resolving,
            Phase::Done,
        ]
        .into_iter()
        .find(|phase| phase.as_str() == name)
    }
}

/// What became of a call: the part of a record that changes after it is written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Progress {
    pub outcome: Outcome,
    pub answer_lost: bool,
    pub code: Option<String>,
    pub refused_by: Option<RefusedBy>,
    pub request_id: Option<String>,
    pub plan: ActivityPlan,
    pub instances: Vec<InstanceActivity>,
    pub snapshots: Vec<SnapshotActivity>,
    pub final_state: Option<String>,
    pub ended_at: Option<i64>,
    pub phase: Phase,
    /// Times the API was asked in vain (resolving), and when to ask next (Unix ms).
    pub attempts: i64,
    pub next_try_at: i64,
}

impl Progress {
    /// The plan, the instances and the snapshots as the JSON columns hold them.
    pub(super) fn json(&self) -> (String, String, String) {
        (
            to_json(&self.plan),
            to_json(&self.instances),
            to_json(&self.snapshots),
        )
    }
}

fn to_json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).expect("activity types serialise")
}

/// One record: a state-changing call and what became of it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Record {
    /// Assigned by the store (0 before it is written).
    pub id: i64,
    /// Unix milliseconds when the proxy received the call.
    pub started_at: i64,
    pub actor: String,
    /// How the caller was recognised (`session`, `identity-header`, `token`, `open`).
    pub access_mode: String,
    pub client: String,
    pub action: String,
    /// Refused because the caller was outside its scope: shown to unrestricted viewers only.
    pub outside_scope: bool,
    pub progress: Progress,
}

impl Record {
    /// The distinct instance ids the record concerns.
    pub fn instance_ids(&self) -> Vec<String> {
        let mut ids: Vec<String> = self
            .progress
            .instances
            .iter()
            .map(|instance| instance.instance_id.clone())
            .collect();
        ids.sort();
        ids.dedup();
        ids
    }

    /// The entry the read API answers.
    pub fn entry(&self) -> ActivityEntry {
        let p = &self.progress;
        ActivityEntry {
            id: self.id.to_string(),
            started_at: self.started_at,
            actor: self.actor.clone(),
            client: self.client.clone(),
            action: self.action.clone(),
            instances: p.instances.clone(),
            snapshots: p.snapshots.clone(),
            plan: p.plan.clone(),
            outcome: p.outcome,
            answer_lost: p.answer_lost,
            code: p.code.clone(),
            refused_by: p.refused_by,
            request_id: p.request_id.clone(),
            final_state: p.final_state.clone(),
            ended_at: p.ended_at,
            duration_ms: p.ended_at.map(|end| (end - self.started_at).max(0)),
        }
    }
}

/// What an update requires of the row, so that each change is made once.
#[derive(Clone, Copy, Debug)]
pub enum Guard<'a> {
    /// The call's own answer: the record is still open and not yet followed (sending, or
    /// taken over for resolving meanwhile; the API's real answer is better than asking).
    Open,
    /// A replica's change to a record it holds: still in `phase` and held by `owner`.
    Held { phase: Phase, owner: &'a str },
}

/// Which records a page reads.
#[derive(Clone, Copy, Debug)]
pub enum Filter<'a> {
    /// Every record (unrestricted viewers).
    All,
    /// The records of one instance; `outside_scope`: also the refusals of callers who were
    /// not allowed to touch it (unrestricted viewers only).
    Instance { id: &'a str, outside_scope: bool },
    /// The records of any of these instances, without outside-scope refusals.
    Instances(&'a [String]),
}

/// A row as both databases return it.
#[derive(sqlx::FromRow)]
pub(super) struct Row {
    id: i64,
    started_at: i64,
    actor: String,
    access_mode: String,
    client: String,
    action: String,
    plan: String,
    instances: String,
    snapshots: String,
    outside_scope: i64,
    outcome: String,
    answer_lost: i64,
    code: Option<String>,
    refused_by: Option<String>,
    request_id: Option<String>,
    final_state: Option<String>,
    ended_at: Option<i64>,
    phase: String,
    attempts: i64,
    next_try_at: i64,
}

fn corrupt(column: &str, value: &str) -> sqlx::Error {
    sqlx::Error::Decode(format!("activity.{column} holds {value:?}").into())
}

fn from_json<T: serde::de::DeserializeOwned>(column: &str, text: &str) -> Result<T, sqlx::Error> {
    serde_json::from_str(text).map_err(|_| corrupt(column, "JSON it cannot read"))
}

impl TryFrom<Row> for Record {
    type Error = sqlx::Error;

    fn try_from(row: Row) -> Result<Record, sqlx::Error> {
        let progress = Progress {
            outcome: Outcome::from_name(&row.outcome)
                .ok_or_else(|| corrupt("outcome", &row.outcome))?,
            answer_lost: row.answer_lost != 0,
            code: row.code,
            refused_by: match row.refused_by {
                Some(by) => {
                    Some(RefusedBy::from_name(&by).ok_or_else(|| corrupt("refused_by", &by))?)
                }
                None => None,
            },
            request_id: row.request_id,
            plan: from_json("plan", &row.plan)?,
            instances: from_json("instances", &row.instances)?,
            snapshots: from_json("snapshots", &row.snapshots)?,
            final_state: row.final_state,
            ended_at: row.ended_at,
            phase: Phase::from_name(&row.phase).ok_or_else(|| corrupt("phase", &row.phase))?,
            attempts: row.attempts,
            next_try_at: row.next_try_at,
        };
        Ok(Record {
            id: row.id,
            started_at: row.started_at,
            actor: row.actor,
            access_mode: row.access_mode,
            client: row.client,
            action: row.action,
            outside_scope: row.outside_scope != 0,
            progress,
        })
    }
}
