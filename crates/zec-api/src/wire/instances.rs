//! Instances: listing, statuses, power, and the reinstall's request.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::states::InstanceStatus;

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DescribeInstancesRequest {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub instance_ids: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub zone_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub image_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<InstanceStatus>,
    /// Fuzzy match on the instance name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resource_group_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page_size: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page_num: Option<u32>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", bound(deserialize = "T: Deserialize<'de>"))]
pub struct Page<T> {
    pub total_count: u32,
    #[serde(default)]
    pub data_set: Vec<T>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DataDisk {
    #[serde(default)]
    pub disk_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disk_name: Option<String>,
    /// GiB.
    #[serde(default)]
    pub disk_size: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disk_category: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SystemDisk {
    #[serde(default)]
    pub disk_id: String,
    /// GiB.
    pub disk_size: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disk_category: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct InstanceInfo {
    pub instance_id: String,
    #[serde(default)]
    pub instance_name: String,
    #[serde(default)]
    pub zone_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instance_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cpu: Option<u32>,
    /// GiB.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub memory: Option<u32>,
    #[serde(default)]
    pub image_id: String,
    #[serde(default)]
    pub image_name: String,
    /// Capital Z here; ResetInstance's parameter is `timezone`.
    #[serde(default, rename = "timeZone", skip_serializing_if = "Option::is_none")]
    pub time_zone: Option<String>,
    pub status: InstanceStatus,
    pub system_disk: SystemDisk,
    /// Disks besides the boot disk: a reinstall leaves them as they are.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub data_disks: Vec<DataDisk>,
    #[serde(default)]
    pub public_ip_addresses: Vec<String>,
    #[serde(default)]
    pub private_ip_addresses: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_id: Option<String>,
    #[serde(default)]
    pub enable_agent: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource_group_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub create_time: Option<String>,
    /// `{"tags": [{"key", "value"}]}`; absent means no tags.
    #[serde(default, skip_serializing_if = "Tags::is_empty")]
    pub tags: Tags,
}

/// One tag of a resource. Keys and values are 1–64 characters (`rules::check_tag`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Tag {
    pub key: String,
    pub value: String,
}

impl Tag {
    pub fn new(key: impl Into<String>, value: impl Into<String>) -> Tag {
        Tag {
            key: key.into(),
            value: value.into(),
        }
    }
}

impl fmt::Display for Tag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}={}", self.key, self.value)
    }
}

/// The `tags` object of InstanceInfo: a wrapper holding the list, as on the wire.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tags {
    #[serde(default)]
    pub tags: Vec<Tag>,
}

impl Tags {
    pub fn is_empty(&self) -> bool {
        self.tags.is_empty()
    }

    /// Whether the resource carries exactly this key with exactly this value.
    pub fn contains(&self, tag: &Tag) -> bool {
        self.tags.iter().any(|own| own == tag)
    }
}

impl InstanceInfo {
    /// What a person calls this instance: its name, or its id when it has none.
    pub fn display_name(&self) -> &str {
        if self.instance_name.is_empty() {
            &self.instance_id
        } else {
            &self.instance_name
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DescribeInstancesStatusRequest {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub instance_ids: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page_size: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page_num: Option<u32>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct InstanceStatusEntry {
    pub instance_id: String,
    pub instance_status: InstanceStatus,
}

/// StopInstances. `force_shutdown` cuts power instead of a guest shutdown.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StopInstancesRequest {
    #[serde(default)]
    pub instance_ids: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub force_shutdown: Option<bool>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StartInstancesRequest {
    #[serde(default)]
    pub instance_ids: Vec<String>,
}

/// Stop/Start/ResetInstances answer with the ids that failed (an empty list: all started).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FailedInstances {
    #[serde(default)]
    pub instance_ids: Vec<String>,
}

// ---- zec: reset -----------------------------------------------------------------------------

/// The optional parameters shared by ResetInstance and ResetInstances.
/// Debug output redacts the password and the user data.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ResetOptions {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub password: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub image_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timezone: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub enable_agent: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub instance_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_data: Option<String>,
}

impl fmt::Debug for ResetOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let redacted = |value: &Option<String>| value.as_ref().map(|_| "<redacted>");
        f.debug_struct("ResetOptions")
            .field("password", &redacted(&self.password))
            .field("key_id", &self.key_id)
            .field("image_id", &self.image_id)
            .field("timezone", &self.timezone)
            .field("enable_agent", &self.enable_agent)
            .field("instance_name", &self.instance_name)
            .field("user_data", &redacted(&self.user_data))
            .finish()
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ResetInstanceRequest {
    #[serde(default)]
    pub instance_id: String,
    #[serde(flatten)]
    pub options: ResetOptions,
}

/// ResetInstances: up to 100 ids, the same options applied to all.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ResetInstancesRequest {
    #[serde(default)]
    pub instance_ids: Vec<String>,
    #[serde(flatten)]
    pub options: ResetOptions,
}

/// ResetInstances answers with the ids that failed to start the reinstall; the others are
/// DEPLOYING.
pub type ResetInstancesResponse = FailedInstances;
