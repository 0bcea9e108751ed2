//! One history entry as the activity list shows it: typed parts (who, what, how it ended),
//! never sentences. `english.rs` turns each part into words, so a translation replaces that
//! one file.

use zec_api::activity::{final_state, ActivityEntry, InstanceActivity, Login, Outcome, RefusedBy};

/// What kind of call an entry records.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Kind {
    Reinstall,
    PowerOff,
    PowerOn,
    Snapshot,
    Rollback,
    DeleteSnapshots,
    /// An action this browser does not know by name (a newer proxy).
    Other(String),
}

impl Kind {
    pub fn of(action: &str) -> Kind {
        match action {
            "ResetInstance" | "ResetInstances" => Kind::Reinstall,
            "StopInstances" => Kind::PowerOff,
            "StartInstances" => Kind::PowerOn,
            "CreateSnapshot" => Kind::Snapshot,
            "ApplySnapshot" => Kind::Rollback,
            "DeleteSnapshots" => Kind::DeleteSnapshots,
            other => Kind::Other(other.to_owned()),
        }
    }

    /// The end state that means the call did what it was for.
    fn success_state(&self) -> Option<&'static str> {
        match self {
            Kind::Reinstall | Kind::PowerOn => Some("RUNNING"),
            Kind::PowerOff => Some("STOPPED"),
            Kind::Snapshot | Kind::Rollback => Some("AVAILABLE"),
            Kind::DeleteSnapshots => Some(final_state::DELETED),
            Kind::Other(_) => None,
        }
    }
}

/// "Reinstalled by alice" (it did what it was for) or "Reinstall by alice" (any other end,
/// or still running): the ending says the rest.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Headline {
    pub kind: Kind,
    pub succeeded: bool,
    pub actor: String,
    /// How many instances the call named (as far as the viewer may see them).
    pub instances: usize,
}

/// What the call changed, in one phrase.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Change {
    /// Reinstalls and rollbacks: the image before and after, when every instance had (or
    /// got) the same; a reinstall's `after` is `None` when it installs the current image
    /// again.
    Image {
        before: Option<String>,
        after: Option<String>,
    },
    /// Snapshot calls: the snapshot by name, else by id.
    Snapshot(String),
    /// DeleteSnapshots: how many snapshots.
    Snapshots(usize),
    /// StopInstances with a forced power-off.
    Forced,
}

/// How it ended, or where it stands.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Ending {
    /// Forwarded; the answer has not come yet.
    Sent,
    /// Accepted and still running.
    InProgress,
    /// The answer was lost; the proxy is asking the API what happened.
    Asking,
    /// Refused: nothing happened.
    Refused { by: RefusedBy, code: String },
    /// The answer was lost and asking showed that nothing happened.
    NotStarted,
    /// An end state (RUNNING, REINSTALL_FAILED, STOPPED, AVAILABLE, …) after `after_ms`.
    Reached {
        state: String,
        after_ms: Option<i64>,
    },
    /// Instances (or snapshots) ended differently: each one's line says how.
    Mixed { after_ms: Option<i64> },
    /// No end state within the follow-up's limit.
    TimedOut,
    /// The answer was lost and the API could not be asked for a day.
    Unresolved,
    /// The API no longer lists the instance or snapshot.
    Gone,
}

/// Facts of the plan shown under the headline (never a secret: the history holds none).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Detail {
    Login(Login),
    /// The key pair by name, else by id.
    KeyPair(String),
    InstanceName(String),
    TimeZone(String),
    Agent(bool),
    UserDataBytes(u32),
    /// A snapshot kept until then (Unix milliseconds), or until deleted.
    KeptUntil(Option<i64>),
    /// The answer was lost and the outcome was learnt by asking the API.
    AnswerLost,
    /// Where the call came from.
    Client(String),
}

/// One instance of a call that named several, and how it ended there.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct InstanceLine {
    pub instance_id: String,
    pub final_state: Option<String>,
}

/// Everything the list shows of one entry. Equal summaries render the same, so the list
/// keys its rows by the whole summary: a changed entry is rendered again, the others keep
/// their elements (and the focus).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Summary {
    pub id: String,
    pub started_at: i64,
    /// The instance, when the list spans instances and the call named one.
    pub subject: Option<String>,
    pub headline: Headline,
    /// What it changed, in the order shown.
    pub changes: Vec<Change>,
    pub ending: Ending,
    pub request_id: Option<String>,
    pub details: Vec<Detail>,
    /// Each instance with its end state (empty for a call on one instance).
    pub instances: Vec<InstanceLine>,
    /// Every instance the entry names (for the viewer: only those in their scope).
    pub instance_ids: Vec<String>,
    pub open: bool,
}

impl Summary {
    /// `spans_instances`: the list shows several instances' entries, so an entry on one
    /// instance names it. `image_name` names an image id when the entry has only the id (the
    /// image asked for, before the reinstall ended); `None` shows the id.
    pub fn of(
        entry: &ActivityEntry,
        spans_instances: bool,
        image_name: impl Fn(&str) -> Option<String>,
    ) -> Summary {
        let kind = Kind::of(&entry.action);
        let ending = ending(entry);
        let succeeded = entry.outcome == Outcome::Accepted
            && matches!(&ending, Ending::Reached { state, .. } if Some(state.as_str()) == kind.success_state());
        let changes = changes(entry, &kind, &image_name);
        let instances = if entry.instances.len() > 1 {
            entry
                .instances
                .iter()
                .map(|i| InstanceLine {
                    instance_id: i.instance_id.clone(),
                    final_state: i.final_state.clone(),
                })
                .collect()
        } else {
            vec![]
        };
        let subject = match entry.instances.as_slice() {
            [one] if spans_instances => Some(one.instance_id.clone()),
            _ => None,
        };
        Summary {
            id: entry.id.clone(),
            subject,
            started_at: entry.started_at,
            headline: Headline {
                kind,
                succeeded,
                actor: entry.actor.clone(),
                instances: entry.instances.len(),
            },
            changes,
            ending,
            request_id: entry.request_id.clone().filter(|id| !id.is_empty()),
            details: details(entry),
            instances,
            instance_ids: entry
                .instances
                .iter()
                .map(|i| i.instance_id.clone())
                .collect(),
            open: entry.is_open(),
        }
    }
}

fn ending(entry: &ActivityEntry) -> Ending {
    match entry.outcome {
        Outcome::Refused => {
            return Ending::Refused {
                by: entry.refused_by.unwrap_or(RefusedBy::Api),
                code: entry.code.clone().unwrap_or_default(),
            }
        }
        Outcome::NotStarted => return Ending::NotStarted,
        _ => {}
    }
    let Some(state) = &entry.final_state else {
        return match entry.outcome {
            Outcome::Pending => Ending::Sent,
            Outcome::Unknown => Ending::Asking,
            _ => Ending::InProgress,
        };
    };
    let after_ms = entry.duration_ms;
    match state.as_str() {
        final_state::MIXED => Ending::Mixed { after_ms },
        final_state::TIMED_OUT => Ending::TimedOut,
        final_state::UNRESOLVED => Ending::Unresolved,
        final_state::NOT_STARTED => Ending::NotStarted,
        final_state::NOT_FOUND => Ending::Gone,
        state => Ending::Reached {
            state: state.to_owned(),
            after_ms,
        },
    }
}

fn changes(
    entry: &ActivityEntry,
    kind: &Kind,
    image_name: &impl Fn(&str) -> Option<String>,
) -> Vec<Change> {
    let plan = &entry.plan;
    // The image every instance had (or got); `None` when they differ or it is not known.
    let common = |read: fn(&InstanceActivity) -> Option<String>| {
        let mut each = entry.instances.iter().map(read);
        let first = each.next().flatten()?;
        each.all(|other| other.as_ref() == Some(&first))
            .then_some(first)
    };
    let before = common(|i| i.image_name_before.clone().or(i.image_id_before.clone()));
    let after = common(|i| i.image_name_after.clone().or(i.image_id_after.clone()));
    let snapshot = plan.snapshot_name.clone().or(plan.snapshot_id.clone());
    match kind {
        Kind::Reinstall => {
            // Read once it ended; until then the image asked for (absent: the current one).
            let asked = plan
                .image_id
                .as_ref()
                .map(|id| image_name(id).unwrap_or_else(|| id.clone()));
            vec![Change::Image {
                before,
                after: after.or(asked),
            }]
        }
        Kind::Rollback => {
            let mut changes: Vec<Change> = snapshot.map(Change::Snapshot).into_iter().collect();
            if after.is_some() {
                changes.push(Change::Image { before, after });
            }
            changes
        }
        Kind::Snapshot => snapshot.map(Change::Snapshot).into_iter().collect(),
        Kind::DeleteSnapshots => match entry.snapshots.as_slice() {
            [one] => vec![Change::Snapshot(one.snapshot_id.clone())],
            many => vec![Change::Snapshots(many.len())],
        },
        Kind::PowerOff if plan.force_shutdown == Some(true) => vec![Change::Forced],
        Kind::PowerOff | Kind::PowerOn | Kind::Other(_) => vec![],
    }
}

fn details(entry: &ActivityEntry) -> Vec<Detail> {
    let plan = &entry.plan;
    let mut details = vec![];
    if let Some(login) = plan.login {
        match (login, plan.key_name.clone().or(plan.key_id.clone())) {
            (Login::KeyPair, Some(key)) => details.push(Detail::KeyPair(key)),
            (login, _) => details.push(Detail::Login(login)),
        }
    }
    if let Some(name) = &plan.instance_name {
        details.push(Detail::InstanceName(name.clone()));
    }
    if let Some(zone) = &plan.timezone {
        details.push(Detail::TimeZone(zone.clone()));
    }
    if let Some(agent) = plan.enable_agent {
        details.push(Detail::Agent(agent));
    }
    if let Some(bytes) = plan.user_data_bytes.filter(|bytes| *bytes > 0) {
        details.push(Detail::UserDataBytes(bytes));
    }
    if entry.action == "CreateSnapshot" {
        // The API's UTC timestamp, shown in the one date format (a malformed one is left out).
        match plan.retention_time.as_deref().map(zec_api::time::parse_utc) {
            None => details.push(Detail::KeptUntil(None)),
            Some(Some(seconds)) => details.push(Detail::KeptUntil(Some(seconds * 1000))),
            Some(None) => {}
        }
    }
    if entry.answer_lost {
        details.push(Detail::AnswerLost);
    }
    if !entry.client.is_empty() {
        details.push(Detail::Client(entry.client.clone()));
    }
    details
}
