//! Request and response bodies of every action the product uses, named exactly as on the
//! wire: camelCase, absent optionals omitted, unknown fields ignored.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::errors::ErrorCode;
use crate::states::{ImageStatus, InstanceStatus, OsType, SnapshotStatus};

/// The body of every successful answer: `{"requestId", "response": {"requestId", ...}}`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SuccessEnvelope<T> {
    pub request_id: String,
    pub response: ResponseBody<T>,
}

/// The `response` object: the request id again, then the action's own fields.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ResponseBody<T> {
    #[serde(default)]
    pub request_id: String,
    #[serde(flatten)]
    pub data: T,
}

impl<T> SuccessEnvelope<T> {
    pub fn new(request_id: impl Into<String>, data: T) -> Self {
        let request_id = request_id.into();
        SuccessEnvelope {
            response: ResponseBody {
                request_id: request_id.clone(),
                data,
            },
            request_id,
        }
    }
}

/// The body of every error answer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ErrorEnvelope {
    #[serde(default)]
    pub request_id: String,
    pub code: ErrorCode,
    #[serde(default)]
    pub message: String,
}

impl ErrorEnvelope {
    /// An error with the catalogue's plain message for its code.
    pub fn new(request_id: impl Into<String>, code: ErrorCode) -> Self {
        let message = code.message().to_owned();
        ErrorEnvelope {
            request_id: request_id.into(),
            code,
            message,
        }
    }

    pub fn with_message(
        request_id: impl Into<String>,
        code: ErrorCode,
        message: impl Into<String>,
    ) -> Self {
        ErrorEnvelope {
            request_id: request_id.into(),
            code,
            message: message.into(),
        }
    }
}

/// An answer without fields of its own (ResetInstance).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Empty {}

// ---- zec: instances -------------------------------------------------------------------------

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

// ---- zec: images and time zones -------------------------------------------------------------

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DescribeImagesRequest {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub zone_id: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub image_ids: Vec<String>,
    /// Fuzzy match on the image name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub image_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub image_type: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub image_source: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub os_type: Option<OsType>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub image_status: Option<ImageStatus>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page_size: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page_num: Option<u32>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Image {
    pub image_id: String,
    #[serde(default)]
    pub image_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image_source: Option<String>,
    /// GiB, as a string on the wire (e.g. "20").
    #[serde(default)]
    pub image_size: String,
    /// GiB; absent on most images.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_disk_size: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image_description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image_version: Option<String>,
    pub image_status: ImageStatus,
    #[serde(default)]
    pub category: String,
    pub os_type: OsType,
    #[serde(default)]
    pub nic_network_type: Vec<String>,
}

impl Image {
    /// The image size in GiB, or `None` when the API sent something that is not a number.
    pub fn size_gib(&self) -> Option<f64> {
        self.image_size
            .trim()
            .parse::<f64>()
            .ok()
            .filter(|size| size.is_finite())
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct DescribeTimeZonesRequest {}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TimeZones {
    pub time_zones: Vec<String>,
}

// ---- zec: disk snapshots -------------------------------------------------------------------

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

// ---- ccs: key pairs -------------------------------------------------------------------------

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DescribeKeyPairsRequest {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub key_ids: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page_size: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page_num: Option<u32>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct KeyPair {
    pub key_id: String,
    #[serde(default)]
    pub key_name: String,
    #[serde(default)]
    pub public_key: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub create_time: Option<String>,
}

/// A request id in the API's UUID-like form, from 128 random bits the caller draws.
pub fn format_request_id(bits: u128) -> String {
    let hex = format!("{bits:032x}");
    format!(
        "{}-{}-{}-{}-{}",
        &hex[..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..]
    )
}

/// Reads a request body as `T`. An empty body counts as `{}` (actions without parameters).
/// The error message names the problem and position but never repeats a value from the
/// body, which may hold a password.
pub fn parse_request<T: serde::de::DeserializeOwned>(body: &[u8]) -> Result<T, String> {
    let body = if body.iter().all(u8::is_ascii_whitespace) {
        b"{}".as_slice()
    } else {
        body
    };
    serde_json::from_slice(body).map_err(|error| {
        let message = error.to_string();
        format!(
            "The request body is not valid: {}.",
            redact_quoted(&message)
        )
    })
}

/// A request written as JSON: only the contract's keys, camelCase, absent options omitted.
pub fn to_json<T: Serialize>(request: &T) -> Vec<u8> {
    serde_json::to_vec(request).expect("wire types serialise")
}

/// Replaces what serde quotes from the input ("…" and `…`) with a marker.
fn redact_quoted(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut quote: Option<char> = None;
    for c in message.chars() {
        match quote {
            Some(open) if c == open => {
                out.push('…');
                out.push(c);
                quote = None;
            }
            Some(_) => {}
            None if c == '"' || c == '`' => {
                out.push(c);
                quote = Some(c);
            }
            None => out.push(c),
        }
    }
    out
}
