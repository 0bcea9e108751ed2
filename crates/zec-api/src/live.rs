//! The product's own contract between its parts, beside the Zenlayer API: the live-status
//! stream the proxy serves to browsers (Server-Sent Events), and the DOM events the widget
//! fires on its host element. Both sides use these types, so a name cannot drift.

use serde::{Deserialize, Deserializer, Serialize};

use crate::wire::InstanceStatusEntry;

/// `GET` this path with `?instanceIds=a,b` to receive status events.
pub const STATUS_STREAM_PATH: &str = "/api/v2/zec/status-stream";
/// The query parameter that names the watched instances, comma-separated.
pub const STATUS_STREAM_IDS_PARAM: &str = "instanceIds";

/// Why the cloud could not be asked: sent as the `upstream-error` event.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UpstreamError {
    /// The API's error code, or the proxy's (e.g. `UPSTREAM_UNREACHABLE`).
    pub code: String,
    #[serde(default)]
    pub request_id: String,
}

/// Sent as the `closing` event when the server shuts down: the browser reconnects.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Closing {
    pub reason: String,
}

/// One event of the status stream. The SSE event name says which; the data is the JSON of
/// the payload, camelCase like the API.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StreamEvent {
    /// `status`: `{"instanceId", "instanceStatus"}`, the same shape as
    /// DescribeInstancesStatus's entries.
    Status(InstanceStatusEntry),
    /// `upstream-error`: `{"code", "requestId"}`.
    UpstreamError(UpstreamError),
    /// `closing`: `{"reason"}`.
    Closing(Closing),
}

impl StreamEvent {
    pub const STATUS: &'static str = "status";
    pub const UPSTREAM_ERROR: &'static str = "upstream-error";
    pub const CLOSING: &'static str = "closing";
    /// Every event name, for listeners.
    pub const NAMES: [&'static str; 3] = [Self::STATUS, Self::UPSTREAM_ERROR, Self::CLOSING];

    /// The SSE `event:` field.
    pub fn name(&self) -> &'static str {
        match self {
            StreamEvent::Status(_) => Self::STATUS,
            StreamEvent::UpstreamError(_) => Self::UPSTREAM_ERROR,
            StreamEvent::Closing(_) => Self::CLOSING,
        }
    }

    /// The SSE `data:` field.
    pub fn data(&self) -> String {
        let json = match self {
            StreamEvent::Status(entry) => serde_json::to_string(entry),
            StreamEvent::UpstreamError(error) => serde_json::to_string(error),
            StreamEvent::Closing(closing) => serde_json::to_string(closing),
        };
        json.expect("stream payloads are plain data")
    }

    /// Reads an event back from its name and data; `None` for an unknown name or bad data.
    pub fn parse(name: &str, data: &str) -> Option<StreamEvent> {
        let mut json = serde_json::Deserializer::from_str(data);
        let event = StreamEvent::read(name, &mut json)?;
        json.end().ok()?;
        Some(event)
    }

    /// Like `parse`, with the data already parsed by another deserializer (the browser uses
    /// its own JSON.parse, so the wasm needs no JSON parser).
    pub fn read<'de, D: Deserializer<'de>>(name: &str, data: D) -> Option<StreamEvent> {
        match name {
            Self::STATUS => Deserialize::deserialize(data).ok().map(StreamEvent::Status),
            Self::UPSTREAM_ERROR => Deserialize::deserialize(data)
                .ok()
                .map(StreamEvent::UpstreamError),
            Self::CLOSING => Deserialize::deserialize(data)
                .ok()
                .map(StreamEvent::Closing),
            _ => None,
        }
    }
}

/// The DOM events the widget fires on its host element (bubbling, composed).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WidgetEvent {
    /// The API accepted a reinstall.
    ReinstallSubmitted,
    /// The watched instance's status changed.
    StatusChange,
    /// The reinstall ended: RUNNING or REINSTALL_FAILED.
    ReinstallFinished,
    /// The snapshot taken before a reinstall is ready (`requestId` holds its snapshot id).
    SnapshotCreated,
    /// A rollback to a snapshot ended.
    RollbackFinished,
}

impl WidgetEvent {
    pub const ALL: [WidgetEvent; 5] = [
        WidgetEvent::ReinstallSubmitted,
        WidgetEvent::StatusChange,
        WidgetEvent::ReinstallFinished,
        WidgetEvent::SnapshotCreated,
        WidgetEvent::RollbackFinished,
    ];

    pub fn name(self) -> &'static str {
        match self {
            WidgetEvent::ReinstallSubmitted => "reinstall-submitted",
            WidgetEvent::StatusChange => "status-change",
            WidgetEvent::ReinstallFinished => "reinstall-finished",
            WidgetEvent::SnapshotCreated => "snapshot-created",
            WidgetEvent::RollbackFinished => "rollback-finished",
        }
    }
}

/// The `detail` of every widget event.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WidgetEventDetail {
    pub instance_id: String,
    /// The instance's status as the API names it (`DEPLOYING`, `RUNNING`, …).
    pub status: String,
    /// The request id of the ResetInstance call.
    pub request_id: String,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::InstanceStatus;

    #[test]
    fn events_survive_their_wire_form() {
        let events = [
            StreamEvent::Status(InstanceStatusEntry {
                instance_id: "ins-1".into(),
                instance_status: InstanceStatus::Deploying,
            }),
            StreamEvent::UpstreamError(UpstreamError {
                code: "UPSTREAM_UNREACHABLE".into(),
                request_id: "r-1".into(),
            }),
            StreamEvent::Closing(Closing {
                reason: "shutdown".into(),
            }),
        ];
        for event in events {
            assert_eq!(StreamEvent::parse(event.name(), &event.data()), Some(event));
        }
    }

    #[test]
    fn payloads_are_camel_case_without_a_type_tag() {
        let event = StreamEvent::UpstreamError(UpstreamError {
            code: "X".into(),
            request_id: "r".into(),
        });
        assert_eq!(event.data(), r#"{"code":"X","requestId":"r"}"#);
        assert_eq!(StreamEvent::parse("heartbeat", "{}"), None);
        assert_eq!(StreamEvent::parse(StreamEvent::STATUS, "not json"), None);
    }
}
