//! Disk snapshots: taking one, listing them, rolling a disk back, deleting them.

use serde::{Deserialize, Serialize};

use crate::states::SnapshotStatus;

/// CreateSnapshot. `retention_time` is `yyyy-MM-ddTHH:mm:ssZ` (UTC), at least 24 hours ahead
/// (`rules::check_retention_time`); absent keeps the snapshot until it is deleted.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CreateSnapshotRequest {
    #[serde(default)]
    pub disk_id: String,
    #[serde(default)]
    pub snapshot_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retention_time: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CreateSnapshotResponse {
    pub snapshot_id: String,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DescribeSnapshotsRequest {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub snapshot_ids: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub disk_ids: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub zone_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<SnapshotStatus>,
    /// SYSTEM or DATA.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub disk_type: Option<String>,
    /// Auto or Manual.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub snapshot_type: Option<String>,
    /// Fuzzy match on the snapshot name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub snapshot_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resource_group_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page_size: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page_num: Option<u32>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ResourceGroup {
    #[serde(default)]
    pub resource_group_id: String,
    #[serde(default)]
    pub resource_group_name: String,
}

/// A snapshot as DescribeSnapshots lists it. (`diskAbility` is not read.)
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SnapshotInfo {
    pub snapshot_id: String,
    #[serde(default)]
    pub snapshot_name: String,
    #[serde(default)]
    pub zone_id: String,
    pub status: SnapshotStatus,
    /// Auto or Manual.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub snapshot_type: Option<String>,
    /// Until when the snapshot is kept (`yyyy-MM-ddTHH:mm:ssZ`); absent: until deleted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retention_time: Option<String>,
    #[serde(default)]
    pub disk_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub create_time: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource_group: Option<ResourceGroup>,
}

/// ApplySnapshot: rolls the disk back to the snapshot. Answers with the request id only.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ApplySnapshotRequest {
    #[serde(default)]
    pub snapshot_id: String,
    #[serde(default)]
    pub disk_id: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DeleteSnapshotsRequest {
    #[serde(default)]
    pub snapshot_ids: Vec<String>,
}

/// DeleteSnapshots answers with the snapshot ids that could not be deleted.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FailedSnapshots {
    #[serde(default)]
    pub snapshot_ids: Vec<String>,
}
