//! The activity history as the proxy answers it: who made which state-changing call, what it
//! asked for (never a password, user data or key material), and how it ended. The proxy keeps
//! it in its database (`crates/zec-proxy/src/activity/`) and answers
//! `GET /api/v2/zec/activity` with an [`ActivityPage`]; the browser reads the same types.

use serde::{Deserialize, Serialize};

/// `GET` this path (optionally `?instanceId=ID`, `&cursor=C`, `&limit=N`) for an
/// [`ActivityPage`], newest first.
pub const ACTIVITY_PATH: &str = "/api/v2/zec/activity";
/// The query parameter naming one instance.
pub const ACTIVITY_INSTANCE_PARAM: &str = "instanceId";
/// Entries per page when `limit` is not given.
pub const DEFAULT_ACTIVITY_PAGE: u32 = 50;
/// The most entries one page may ask for.
pub const MAX_ACTIVITY_PAGE: u32 = 200;

/// One page of the history, newest first. `nextCursor` is absent on the last page.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ActivityPage {
    pub entries: Vec<ActivityEntry>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_cursor: Option<String>,
}

/// What became of a call.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Outcome {
    /// Forwarded; no answer yet.
    Pending,
    /// The API accepted it (answered, or found by asking after the answer was lost).
    Accepted,
    /// Refused by the proxy or the API (`code`, `refusedBy`): nothing happened.
    Refused,
    /// The answer was lost and the API could not tell yet (or, with `finalState`
    /// `UNRESOLVED`, never told).
    Unknown,
    /// The answer was lost, and asking the API showed that nothing happened.
    NotStarted,
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Pending => "pending",
            Outcome::Accepted => "accepted",
            Outcome::Refused => "refused",
            Outcome::Unknown => "unknown",
            Outcome::NotStarted => "not-started",
        }
    }

    pub fn from_name(name: &str) -> Option<Outcome> {
        [
            Outcome::Pending,
            Outcome::Accepted,
            Outcome::Refused,
            Outcome::Unknown,
            Outcome::NotStarted,
        ]
        .into_iter()
        .find(|outcome| outcome.as_str() == name)
    }
}

/// Who refused a call.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RefusedBy {
    /// The proxy, before anything was sent (scope, permission, protection, a rule).
    Proxy,
    /// The API, in its error envelope.
    Api,
}

impl RefusedBy {
    pub fn as_str(self) -> &'static str {
        match self {
            RefusedBy::Proxy => "proxy",
            RefusedBy::Api => "api",
        }
    }

    pub fn from_name(name: &str) -> Option<RefusedBy> {
        match name {
            "proxy" => Some(RefusedBy::Proxy),
            "api" => Some(RefusedBy::Api),
            _ => None,
        }
    }
}

/// How a reinstall lets its user log in: only the kind, never the secret.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Login {
    Password,
    KeyPair,
    /// Neither (Windows and Generic images, which take no login setting).
    None,
}

/// Final states the proxy writes besides the API's instance and snapshot states.
pub mod final_state {
    /// A deleted snapshot: no longer listed.
    pub const DELETED: &str = "DELETED";
    /// The instance (or snapshot) is no longer listed by the API.
    pub const NOT_FOUND: &str = "NOT_FOUND";
    /// The instance was listed as failed in the API's answer, or asking showed that the call
    /// did not happen.
    pub const NOT_STARTED: &str = "NOT_STARTED";
    /// No end state within the follow-up's limit; `instances[].finalState` holds the last
    /// state seen.
    pub const TIMED_OUT: &str = "TIMED_OUT";
    /// The answer was lost and the API could not be asked for a day: check by hand.
    pub const UNRESOLVED: &str = "UNRESOLVED";
    /// Several instances (or snapshots) ended differently: see each one.
    pub const MIXED: &str = "MIXED";
}

/// What the call asked for, without its secrets. Fields that do not apply are absent.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ActivityPlan {
    /// Reinstalls: the image asked for (absent: the current image again).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub login: Option<Login>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_id: Option<String>,
    /// The key pair's name, as the API lists it (looked up once the call ended).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instance_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timezone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enable_agent: Option<bool>,
    /// The user data's size in bytes (its content is never kept).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_data_bytes: Option<u32>,
    /// StopInstances.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub force_shutdown: Option<bool>,
    /// Snapshot calls: the disk, the snapshot (CreateSnapshot: once the API named it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disk_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub snapshot_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub snapshot_name: Option<String>,
    /// CreateSnapshot: until when it is kept (absent: until deleted).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retention_time: Option<String>,
}

/// One instance a call concerned, and how it ended for that instance.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct InstanceActivity {
    pub instance_id: String,
    /// Reinstalls: the image before (as the API described the instance when the call came).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image_id_before: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image_name_before: Option<String>,
    /// Reinstalls: the image after (read once the reinstall ended).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image_id_after: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image_name_after: Option<String>,
    /// RUNNING, REINSTALL_FAILED, STOPPED, ... or one of [`final_state`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub final_state: Option<String>,
}

/// One snapshot a snapshot call concerned, and how it ended.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SnapshotActivity {
    pub snapshot_id: String,
    /// AVAILABLE, FAILED, DELETED, ... or one of [`final_state`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub final_state: Option<String>,
}

/// One state-changing call and how it ended.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ActivityEntry {
    /// Stable and unique within one history.
    pub id: String,
    /// Unix milliseconds when the proxy received the call.
    pub started_at: i64,
    /// The session's `sub`, the identity header's user, or `console`.
    pub actor: String,
    /// The client's address (behind a trusted reverse proxy, the address it forwarded).
    pub client: String,
    /// The action's name (`ResetInstance`, `StopInstances`, ...).
    pub action: String,
    /// The instances concerned (for a viewer with a restricted scope, only those in it).
    pub instances: Vec<InstanceActivity>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub snapshots: Vec<SnapshotActivity>,
    pub plan: ActivityPlan,
    pub outcome: Outcome,
    /// True when the call's answer was lost and the outcome was learnt by asking the API.
    #[serde(default)]
    pub answer_lost: bool,
    /// The refusal's code (refused calls only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refused_by: Option<RefusedBy>,
    /// The request id the caller was answered with: the API's, or the proxy's for its own
    /// refusals.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
    /// How it ended: RUNNING, REINSTALL_FAILED, STOPPED, AVAILABLE, FAILED, ... or one of
    /// [`final_state`]; absent while it runs and for refused calls.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub final_state: Option<String>,
    /// Unix milliseconds when it ended (refusals: when they were answered).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ended_at: Option<i64>,
    /// From the call to its end state.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration_ms: Option<i64>,
}

impl ActivityEntry {
    /// Still running: not refused, and no end state yet.
    pub fn is_open(&self) -> bool {
        self.ended_at.is_none()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_entry_is_camel_case_json_without_absent_fields() {
        let entry = ActivityEntry {
            id: "7".into(),
            started_at: 1_767_225_600_000,
            actor: "alice".into(),
            client: "192.0.2.7".into(),
            action: "ResetInstance".into(),
            instances: vec![InstanceActivity {
                instance_id: "ins-web-01".into(),
                image_name_before: Some("Ubuntu 22.04".into()),
                final_state: Some("RUNNING".into()),
                ..InstanceActivity::default()
            }],
            snapshots: vec![],
            plan: ActivityPlan {
                image_id: Some("img-debian-12".into()),
                login: Some(Login::KeyPair),
                user_data_bytes: Some(120),
                ..ActivityPlan::default()
            },
            outcome: Outcome::Accepted,
            answer_lost: false,
            code: None,
            refused_by: None,
            request_id: Some("req-1".into()),
            final_state: Some("RUNNING".into()),
            ended_at: Some(1_767_225_730_000),
            duration_ms: Some(130_000),
        };
        let json = serde_json::to_value(&entry).unwrap();
        assert_eq!(
            json,
            serde_json::json!({
                "id": "7", "startedAt": 1_767_225_600_000_i64, "actor": "alice",
                "client": "192.0.2.7", "action": "ResetInstance",
                "instances": [{"instanceId": "ins-web-01", "imageNameBefore": "Ubuntu 22.04",
                               "finalState": "RUNNING"}],
                "plan": {"imageId": "img-debian-12", "login": "key-pair", "userDataBytes": 120},
                "outcome": "accepted", "answerLost": false, "requestId": "req-1",
                "finalState": "RUNNING", "endedAt": 1_767_225_730_000_i64, "durationMs": 130_000
            })
        );
        assert_eq!(
            serde_json::from_value::<ActivityEntry>(json).unwrap(),
            entry
        );
        assert!(!entry.is_open());
    }

    #[test]
    fn outcomes_and_refusers_round_trip_their_names() {
        for outcome in [
            Outcome::Pending,
            Outcome::Accepted,
            Outcome::Refused,
            Outcome::Unknown,
            Outcome::NotStarted,
        ] {
            assert_eq!(Outcome::from_name(outcome.as_str()), Some(outcome));
            let json = serde_json::to_value(outcome).unwrap();
            assert_eq!(json, serde_json::json!(outcome.as_str()));
        }
        assert_eq!(Outcome::from_name("ACCEPTED"), None);
        for by in [RefusedBy::Proxy, RefusedBy::Api] {
            assert_eq!(RefusedBy::from_name(by.as_str()), Some(by));
        }
    }
}
