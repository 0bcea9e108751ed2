//! The forwarded actions' requests, typed by the contract: parsed, checked with the rules that
//! need no lookup, and serialised again for the API (only the contract's keys).

use axum::body::Bytes;
use zec_api::rules::{self, ResetContext};
use zec_api::{Action, ErrorCode, Refusal};

use crate::log::ResetPlan;

// A request of one of the forwarded actions, as the contract types it: one variant per
// action of the contract's action table (`zec_api::actions`).
zec_api::request_enum!(pub enum ApiRequest);

impl ApiRequest {
    pub fn parse(action: Action, body: &[u8]) -> Result<ApiRequest, Refusal> {
        ApiRequest::from_body(action, body)
            .map_err(|message| Refusal::with(ErrorCode::InvalidParameter, message))
    }

    /// The checks the API would make that need no lookup, with the API's own codes.
    /// `now_unix` is the time a retention time is measured from.
    pub fn validate(&self, now_unix: i64) -> Result<(), Refusal> {
        match self {
            ApiRequest::DescribeInstances(request) => {
                rules::check_instance_ids(&request.instance_ids, false)?;
                rules::check_paging(request.page_size, request.page_num)?;
            }
            ApiRequest::DescribeInstancesStatus(request) => {
                rules::check_instance_ids(&request.instance_ids, false)?;
                rules::check_paging(request.page_size, request.page_num)?;
            }
            ApiRequest::DescribeImages(request) => {
                rules::check_paging(request.page_size, request.page_num)?;
            }
            ApiRequest::DescribeKeyPairs(request) => {
                rules::check_paging(request.page_size, request.page_num)?;
            }
            ApiRequest::DescribeTimeZones(_) => {}
            ApiRequest::StopInstances(request) => {
                rules::check_instance_ids(&request.instance_ids, true)?;
            }
            ApiRequest::StartInstances(request) => {
                rules::check_instance_ids(&request.instance_ids, true)?;
            }
            ApiRequest::ResetInstance(request) => {
                rules::check_present("instanceId", &request.instance_id)?;
                rules::check_reset(&request.options, &ResetContext::default())?;
            }
            ApiRequest::ResetInstances(request) => {
                rules::check_instance_ids(&request.instance_ids, true)?;
                rules::check_reset(&request.options, &ResetContext::default())?;
            }
            ApiRequest::CreateSnapshot(request) => rules::check_create_snapshot(request, now_unix)?,
            ApiRequest::DescribeSnapshots(request) => {
                rules::check_snapshot_ids(&request.snapshot_ids, false)?;
                rules::check_paging(request.page_size, request.page_num)?;
            }
            ApiRequest::ApplySnapshot(request) => rules::check_apply_snapshot_request(request)?,
            ApiRequest::DeleteSnapshots(request) => {
                rules::check_snapshot_ids(&request.snapshot_ids, true)?;
            }
        }
        Ok(())
    }

    /// The instance ids the request names.
    pub fn instance_ids(&self) -> Vec<String> {
        match self {
            ApiRequest::DescribeInstances(request) => request.instance_ids.clone(),
            ApiRequest::DescribeInstancesStatus(request) => request.instance_ids.clone(),
            ApiRequest::StopInstances(request) => request.instance_ids.clone(),
            ApiRequest::StartInstances(request) => request.instance_ids.clone(),
            ApiRequest::ResetInstance(request) => vec![request.instance_id.clone()],
            ApiRequest::ResetInstances(request) => request.instance_ids.clone(),
            ApiRequest::DescribeImages(_)
            | ApiRequest::DescribeTimeZones(_)
            | ApiRequest::DescribeKeyPairs(_)
            | ApiRequest::CreateSnapshot(_)
            | ApiRequest::DescribeSnapshots(_)
            | ApiRequest::ApplySnapshot(_)
            | ApiRequest::DeleteSnapshots(_) => Vec::new(),
        }
    }

    /// What the access log names: the instance ids, or for a snapshot call its disk and
    /// snapshot ids.
    pub fn logged_ids(&self) -> Vec<String> {
        match self {
            ApiRequest::CreateSnapshot(request) => vec![request.disk_id.clone()],
            ApiRequest::DescribeSnapshots(request) => request.disk_ids.clone(),
            ApiRequest::ApplySnapshot(request) => {
                vec![request.disk_id.clone(), request.snapshot_id.clone()]
            }
            ApiRequest::DeleteSnapshots(request) => request.snapshot_ids.clone(),
            _ => self.instance_ids(),
        }
    }

    /// The body that is forwarded: the typed request serialised again (only the contract's
    /// keys, camelCase, absent options omitted).
    pub fn to_body(&self) -> Bytes {
        Bytes::from(self.to_json())
    }

    /// Snapshot calls name disks and snapshots, not instances: their scope and protection
    /// checks are `snapshots.rs`.
    pub fn is_snapshot_call(&self) -> bool {
        matches!(
            self,
            ApiRequest::CreateSnapshot(_)
                | ApiRequest::DescribeSnapshots(_)
                | ApiRequest::ApplySnapshot(_)
                | ApiRequest::DeleteSnapshots(_)
        )
    }

    /// For a reinstall: the plan's non-secret fields, for the access log.
    pub fn plan(&self) -> Option<ResetPlan> {
        match self {
            ApiRequest::ResetInstance(request) => Some(ResetPlan::of(&request.options)),
            ApiRequest::ResetInstances(request) => Some(ResetPlan::of(&request.options)),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::Value;

    use super::*;

    #[test]
    fn unknown_and_case_variant_keys_are_not_forwarded() {
        let body =
            br#"{"instanceId":"ins-web-01","InstanceId":"other","password":"Abcdef1!","extra":1}"#;
        let request = ApiRequest::parse(Action::ResetInstance, body).unwrap();
        request.validate(0).unwrap();
        let forwarded: Value = serde_json::from_slice(&request.to_body()).unwrap();
        assert_eq!(
            forwarded,
            serde_json::json!({"instanceId": "ins-web-01", "password": "Abcdef1!"})
        );
    }
}
