//! What a state-changing call's record says, gathered as the call's checks go ([`Draft`]),
//! and what its answer means ([`Answered`]). Only the plan's non-secret fields are taken: the
//! password and the user data never leave the request (the user data's size does).

use serde_json::Value;
use zec_api::activity::{ActivityPlan, InstanceActivity, Login, SnapshotActivity};
use zec_api::wire::ResetOptions;
use zec_api::{Action, ErrorCode, Refusal};

use crate::access::Scope;
use crate::request::ApiRequest;
use crate::scope::Concerned;
use crate::upstream::{Answer, UpstreamError};

/// A state-changing call's record before it is written.
#[derive(Clone, Debug)]
pub struct Draft {
    pub action: Action,
    /// Unix milliseconds when the proxy received the call.
    pub started_at: i64,
    /// The request id of the proxy's own answers (its refusals, a lost answer).
    pub request_id: String,
    pub plan: ActivityPlan,
    pub instances: Vec<InstanceActivity>,
    pub snapshots: Vec<SnapshotActivity>,
    /// Whether the instances are known to be in the caller's scope: always for an
    /// unrestricted caller, else once the scope names them all or the decision found them in
    /// it. A refusal of a call not known to be in scope is shown to unrestricted viewers only,
    /// never to the owner of the instances it names.
    pub in_scope: bool,
}

impl Draft {
    pub fn new(action: Action, request_id: String, started_at: i64) -> Draft {
        Draft {
            action,
            started_at,
            request_id,
            plan: ActivityPlan::default(),
            instances: Vec::new(),
            snapshots: Vec::new(),
            in_scope: false,
        }
    }

    /// Takes the plan's non-secret fields and the ids the request names.
    pub fn read(&mut self, request: &ApiRequest, scope: &Scope) {
        let ids = request.instance_ids();
        for id in &ids {
            self.add_instance(id);
        }
        if !ids.is_empty() && ids.iter().all(|id| scope.names(id)) {
            self.in_scope = true;
        }
        match request {
            ApiRequest::ResetInstance(reset) => self.plan = plan_of(&reset.options),
            ApiRequest::ResetInstances(reset) => self.plan = plan_of(&reset.options),
            ApiRequest::StopInstances(stop) => self.plan.force_shutdown = stop.force_shutdown,
            ApiRequest::CreateSnapshot(create) => {
                self.plan.disk_id = Some(create.disk_id.clone());
                self.plan.snapshot_name = Some(create.snapshot_name.clone());
                self.plan.retention_time = create.retention_time.clone();
            }
            ApiRequest::ApplySnapshot(apply) => {
                self.plan.disk_id = Some(apply.disk_id.clone());
                self.plan.snapshot_id = Some(apply.snapshot_id.clone());
                self.add_snapshot(&apply.snapshot_id);
            }
            ApiRequest::DeleteSnapshots(delete) => {
                for id in &delete.snapshot_ids {
                    self.add_snapshot(id);
                }
            }
            _ => {}
        }
    }

    /// Adds the instances the checks found (a snapshot's instance) and, for the calls that
    /// change the image, the image each one had. `refused`: the checks' refusal, if any (the
    /// decision checks the scope before protection, so a protected instance is in scope).
    pub fn checked(&mut self, concerned: &Concerned, refused: Option<&Refusal>) {
        for id in &concerned.instance_ids {
            self.add_instance(id);
        }
        if refused.is_none_or(|refusal| refusal.code == ErrorCode::ResourceProtected) {
            self.in_scope = true;
        }
        if !changes_image(self.action) {
            return;
        }
        for info in &concerned.described {
            if let Some(instance) = self
                .instances
                .iter_mut()
                .find(|instance| instance.instance_id == info.instance_id)
            {
                instance.image_id_before = Some(info.image_id.clone());
                instance.image_name_before = Some(info.image_name.clone());
            }
        }
    }

    fn add_instance(&mut self, id: &str) {
        if !id.is_empty() && !self.instances.iter().any(|i| i.instance_id == id) {
            self.instances.push(InstanceActivity {
                instance_id: id.to_owned(),
                ..InstanceActivity::default()
            });
        }
    }

    fn add_snapshot(&mut self, id: &str) {
        if !id.is_empty() && !self.snapshots.iter().any(|s| s.snapshot_id == id) {
            self.snapshots.push(SnapshotActivity {
                snapshot_id: id.to_owned(),
                final_state: None,
            });
        }
    }
}

/// Reinstalls and rollbacks: the entry says which image the instance had and has.
pub fn changes_image(action: Action) -> bool {
    matches!(
        action,
        Action::ResetInstance | Action::ResetInstances | Action::ApplySnapshot
    )
}

/// A reinstall's plan without its secrets: how one logs in, never with what.
fn plan_of(options: &ResetOptions) -> ActivityPlan {
    let login = match (&options.password, &options.key_id) {
        (Some(_), _) => Login::Password,
        (None, Some(_)) => Login::KeyPair,
        (None, None) => Login::None,
    };
    ActivityPlan {
        image_id: options.image_id.clone(),
        login: Some(login),
        key_id: options.key_id.clone(),
        instance_name: options.instance_name.clone(),
        timezone: options.timezone.clone(),
        enable_agent: options.enable_agent,
        user_data_bytes: options
            .user_data
            .as_ref()
            .map(|data| u32::try_from(data.len()).unwrap_or(u32::MAX)),
        ..ActivityPlan::default()
    }
}

/// What the API's answer (or its absence) means for the record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Answered {
    /// Accepted. `failed`: the ids the answer lists as not started; `snapshot_id`: the
    /// snapshot CreateSnapshot made.
    Accepted {
        request_id: String,
        failed: Vec<String>,
        snapshot_id: Option<String>,
    },
    /// Refused in the API's error envelope: nothing happened.
    Refused { request_id: String, code: String },
    /// Never sent (the upstream budget had no room).
    NotSent { code: ErrorCode },
    /// No readable answer: the call may or may not have been carried out.
    Lost,
}

impl Answered {
    pub fn of(result: &Result<Answer, UpstreamError>) -> Answered {
        let answer = match result {
            Ok(answer) => answer,
            Err(UpstreamError::Busy(_)) => {
                return Answered::NotSent {
                    code: ErrorCode::UpstreamBusy,
                }
            }
            Err(_) => return Answered::Lost,
        };
        let Ok(envelope) = serde_json::from_slice::<Value>(&answer.body) else {
            return Answered::Lost;
        };
        let Some(request_id) = envelope["requestId"].as_str().map(str::to_owned) else {
            return Answered::Lost;
        };
        if let Some(code) = envelope["code"].as_str() {
            return Answered::Refused {
                request_id,
                code: code.to_owned(),
            };
        }
        if answer.status != 200 {
            return Answered::Lost;
        }
        let response = &envelope["response"];
        let ids = |key: &str| -> Vec<String> {
            response[key]
                .as_array()
                .map(|ids| {
                    ids.iter()
                        .filter_map(|id| id.as_str().map(str::to_owned))
                        .collect()
                })
                .unwrap_or_default()
        };
        let mut failed = ids("instanceIds");
        failed.extend(ids("snapshotIds"));
        Answered::Accepted {
            request_id,
            failed,
            snapshot_id: response["snapshotId"].as_str().map(str::to_owned),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::body::Bytes;

    fn answer(status: u16, body: &str) -> Result<Answer, UpstreamError> {
        Ok(Answer {
            status,
            body: Bytes::from(body.to_owned()),
        })
    }

    #[test]
    fn answers_are_read_as_the_browser_reads_them() {
        assert_eq!(
            Answered::of(&answer(
                200,
                r#"{"requestId":"r1","response":{"requestId":"r1","instanceIds":["ins-2"]}}"#
            )),
            Answered::Accepted {
                request_id: "r1".into(),
                failed: vec!["ins-2".into()],
                snapshot_id: None
            }
        );
        assert_eq!(
            Answered::of(&answer(200, r#"{"requestId":"r2"}"#)),
            Answered::Accepted {
                request_id: "r2".into(),
                failed: vec![],
                snapshot_id: None
            }
        );
        assert_eq!(
            Answered::of(&answer(
                404,
                r#"{"requestId":"r3","code":"INVALID_INSTANCE_NOT_FOUND","message":"m"}"#
            )),
            Answered::Refused {
                request_id: "r3".into(),
                code: "INVALID_INSTANCE_NOT_FOUND".into()
            }
        );
        assert_eq!(
            Answered::of(&answer(502, "<html>bad gateway</html>")),
            Answered::Lost
        );
        assert_eq!(Answered::of(&Err(UpstreamError::Timeout)), Answered::Lost);
        assert_eq!(
            Answered::of(&Err(UpstreamError::Busy(std::time::Duration::ZERO))),
            Answered::NotSent {
                code: ErrorCode::UpstreamBusy
            }
        );
    }

    #[test]
    fn a_reinstall_plan_keeps_no_secret() {
        let body = br##"{"instanceId":"ins-1","password":"Secret-Pass1!","imageId":"img-2",
            "userData":"#cloud-config\nsecret: hunter2\n","enableAgent":true}"##;
        let request = ApiRequest::parse(Action::ResetInstance, body).unwrap();
        let mut draft = Draft::new(Action::ResetInstance, "req".into(), 0);
        draft.read(&request, &Scope::of(["ins-2".to_owned()], Vec::new()));
        assert!(!draft.in_scope, "ins-1 is not named by the scope");
        let json = serde_json::to_string(&(&draft.plan, &draft.instances)).unwrap();
        assert!(
            !json.contains("Secret-Pass1!") && !json.contains("hunter2"),
            "{json}"
        );
        assert_eq!(draft.plan.login, Some(Login::Password));
        assert_eq!(draft.plan.user_data_bytes, Some(30));
        assert_eq!(draft.instances[0].instance_id, "ins-1");
    }
}
