//! Ids in canonical form only (docs/wire.md, "Ids"). The API documents no normalisation of
//! ids, so the proxy cannot know whether `INS-MON-01` or `ins-mon-01 ` would reach
//! `ins-mon-01`; instead of guessing, every id a request, a session or a flag names must be
//! in the form the API hands ids out (1–64 lower-case ASCII letters, digits, `-` and `_`),
//! and is otherwise refused with 400 `INVALID_PARAMETER` before any check compares it.
//! Scope and protection then compare ids byte for byte.

use zec_api::{ErrorCode, Refusal};

use crate::forward::ApiRequest;

pub const MAX_ID_CHARS: usize = 64;

pub fn is_canonical(id: &str) -> bool {
    (1..=MAX_ID_CHARS).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
}

/// Refuses an id that is not canonical; `field` names where it was found.
pub fn check_canonical(field: &str, id: &str) -> Result<(), Refusal> {
    if is_canonical(id) {
        return Ok(());
    }
    let shown: String = id
        .chars()
        .take(MAX_ID_CHARS)
        .map(|c| if c.is_control() { '?' } else { c })
        .collect();
    Err(Refusal::with(
        ErrorCode::InvalidParameter,
        format!(
            "{field} holds {shown:?}, which is not an id as the API writes them (1–{MAX_ID_CHARS} \
             lower-case letters, digits, - and _)."
        ),
    ))
}

fn check_all<'a>(field: &str, ids: impl IntoIterator<Item = &'a String>) -> Result<(), Refusal> {
    ids.into_iter()
        .try_for_each(|id| check_canonical(field, id))
}

/// Every instance, disk, snapshot and resource-group id a request names. Optional filters
/// that are absent are not checked; key pair and image ids are not scoped and left alone.
pub fn check_request(request: &ApiRequest) -> Result<(), Refusal> {
    match request {
        ApiRequest::DescribeInstances(r) => {
            check_all("instanceIds", &r.instance_ids)?;
            check_all("resourceGroupId", &r.resource_group_id)
        }
        ApiRequest::DescribeInstancesStatus(r) => check_all("instanceIds", &r.instance_ids),
        ApiRequest::StopInstances(r) => check_all("instanceIds", &r.instance_ids),
        ApiRequest::StartInstances(r) => check_all("instanceIds", &r.instance_ids),
        ApiRequest::ResetInstance(r) => check_canonical("instanceId", &r.instance_id),
        ApiRequest::ResetInstances(r) => check_all("instanceIds", &r.instance_ids),
        ApiRequest::CreateSnapshot(r) => check_canonical("diskId", &r.disk_id),
        ApiRequest::DescribeSnapshots(r) => {
            check_all("snapshotIds", &r.snapshot_ids)?;
            check_all("diskIds", &r.disk_ids)?;
            check_all("resourceGroupId", &r.resource_group_id)
        }
        ApiRequest::ApplySnapshot(r) => {
            check_canonical("snapshotId", &r.snapshot_id)?;
            check_canonical("diskId", &r.disk_id)
        }
        ApiRequest::DeleteSnapshots(r) => check_all("snapshotIds", &r.snapshot_ids),
        ApiRequest::DescribeImages(_)
        | ApiRequest::DescribeTimeZones(_)
        | ApiRequest::DescribeKeyPairs(_) => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_apis_own_spelling_is_canonical() {
        for id in [
            "ins-mon-01",
            "disk-db-01-data",
            "snap_1",
            "1308090478698381431",
        ] {
            assert!(is_canonical(id), "{id}");
        }
        for id in [
            "INS-MON-01",
            "ins-mon-01 ",
            " ins-mon-01",
            "ins-mon-01\u{0}",
            "ins‐mon‐01", // Unicode hyphens
            "",
            &"a".repeat(65),
        ] {
            assert!(!is_canonical(id), "{id:?}");
        }
        let refusal = check_canonical("instanceId", "INS-MON-01").unwrap_err();
        assert_eq!(refusal.code, ErrorCode::InvalidParameter);
        assert!(refusal.message.contains("instanceId"));
    }
}
