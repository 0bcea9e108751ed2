//! What goes in and out of the fleet's transition: events (the user's intents and the
//! world's answers) and the commands its owner runs.

use zec_api::wire::{
    ApplySnapshotRequest, CreateSnapshotRequest, InstanceInfo, InstanceStatusEntry,
    ResetInstancesRequest, SnapshotInfo,
};
use zec_api::InstanceStatus;

use crate::error::ApiError;
use crate::fleet::plan::{FleetForm, FleetPlan};
use crate::power_off::PowerCommand;

#[derive(Clone, Debug, PartialEq)]
pub enum Event {
    Plan,
    Back,
    Review(Box<FleetPlan>),
    Cancel,
    Confirm,
    /// From a review that can no longer be confirmed (an instance changed): back to the plan.
    ReviewAgain,
    /// The answer of chunk `index`: the ids that failed and the request id, or an error.
    ChunkAnswered {
        index: usize,
        answer: Result<(Vec<String>, String), ApiError>,
    },
    /// What DescribeInstances says about one instance after a lost answer.
    OutcomeFound {
        instance_id: String,
        found: Result<Box<InstanceInfo>, ApiError>,
    },
    /// "Check again" on one row of the batch.
    CheckAgain(String),
    /// The browser is online again: every waiting question is asked again.
    Online,
    Status {
        instance_id: String,
        status: InstanceStatus,
    },
    /// Another tab of this browser holds (or let go of) a confirmed plan for the instance.
    OtherTab {
        instance_id: String,
        holds: bool,
    },
    Done,
    /// The user left the live table (Back, or another view) while the batch still runs:
    /// the reinstalls go on without it.
    Leave,
    /// "Retry the N failed": a new plan of the failed instances, to review.
    RetryFailed,

    // The snapshots taken first.
    /// The answer of CreateSnapshot for an instance's boot disk: its id.
    SnapshotCreated {
        instance_id: String,
        answer: Result<String, ApiError>,
    },
    /// After a lost CreateSnapshot answer: the snapshot as looked up by disk and name.
    SnapshotFound {
        instance_id: String,
        found: Result<Option<SnapshotInfo>, ApiError>,
    },
    /// The followed snapshots as DescribeSnapshots lists them now (one read for all).
    SnapshotsRead(Result<Vec<SnapshotInfo>, ApiError>),
    /// Take the failed snapshot of this instance again.
    RetrySnapshot(String),
    /// Leave out the instances whose snapshot failed: a new plan to review.
    LeaveOutFailed,
    /// Stop before anything is erased: back to the plan (the snapshots taken are kept).
    StopSnapshots,

    // Undo, from the finished table.
    AskRollback(Vec<String>),
    AskDeleteSnapshots,
    CancelUndo,
    ConfirmUndo,
    ApplyAnswered {
        instance_id: String,
        answer: Result<String, ApiError>,
    },
    /// After a lost ApplySnapshot answer: the snapshot as read now.
    SnapshotSeen {
        instance_id: String,
        seen: Result<Option<SnapshotInfo>, ApiError>,
    },
    DeleteAnswered {
        ids: Vec<String>,
        answer: Result<Vec<String>, ApiError>,
    },
    /// After a lost DeleteSnapshots answer: those snapshots as listed now.
    DeletedRead {
        ids: Vec<String>,
        found: Result<Vec<SnapshotInfo>, ApiError>,
    },
    /// "Check again" on an undo whose answer was lost.
    CheckUndoAgain,
    /// While planning: delete the snapshots an earlier plan took and left unused.
    DeleteSpare,

    // The power-off while planning (and before a rollback).
    AskPowerOff(Vec<String>),
    SetForce(bool),
    CancelPowerOff,
    ConfirmPowerOff,
    StopAnswered {
        ids: Vec<String>,
        answer: Result<Vec<String>, ApiError>,
    },
    StatusesFound(Result<Vec<InstanceStatusEntry>, ApiError>),
    /// "Check again" on a power-off whose answer was lost.
    CheckPowerOffAgain,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    /// Send one ResetInstances call; `hand_over_password`: show the (generated) password
    /// once it is sent.
    SendChunk {
        index: usize,
        request: ResetInstancesRequest,
        hand_over_password: bool,
    },
    AskOutcome {
        instance_id: String,
        delay_ms: u32,
    },
    CreateSnapshot {
        instance_id: String,
        request: CreateSnapshotRequest,
    },
    /// Look a snapshot up by its disk and name after `delay_ms` (a lost CreateSnapshot).
    FindSnapshot {
        instance_id: String,
        disk_id: String,
        name: String,
        delay_ms: u32,
    },
    /// Read these snapshots (one DescribeSnapshots per ≤ 100) after `delay_ms`.
    ReadSnapshots {
        ids: Vec<String>,
        delay_ms: u32,
    },
    /// Read one snapshot after `delay_ms` (a lost ApplySnapshot).
    ReadSnapshot {
        instance_id: String,
        snapshot_id: String,
        delay_ms: u32,
    },
    Apply {
        instance_id: String,
        request: ApplySnapshotRequest,
    },
    DeleteSnapshots(Vec<String>),
    /// Read these snapshots after `delay_ms` (a lost DeleteSnapshots).
    ReadDeleted {
        ids: Vec<String>,
        delay_ms: u32,
    },
    PowerOff(PowerCommand),
    /// Plan again for these instances (read afresh) from this form: "Retry the N failed",
    /// or a review again after the page was left.
    PlanAgain {
        ids: Vec<String>,
        form: Box<FleetForm>,
    },
    /// These instances leave the selection (left out of the plan).
    Deselect(Vec<String>),
    /// Back to the list: the selection is cleared and the list re-read.
    ClearSelection,
    FocusReview,
}
