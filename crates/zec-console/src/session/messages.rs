//! What goes in and out of the session's transition: events (the user's intents and the
//! world's answers), the commands the owner runs, and what the transition reads from the
//! world besides the state.

use zec_api::live::{WidgetEvent, WidgetEventDetail};
use zec_api::rules::{Field, ProtectionPolicy};
use zec_api::wire::{
    ApplySnapshotRequest, CreateSnapshotRequest, InstanceInfo, InstanceStatusEntry,
    ResetInstanceRequest, SnapshotInfo,
};
use zec_api::InstanceStatus;

use super::{ActiveReinstall, KeptPlan, UndoTarget};
use crate::error::ApiError;
use crate::form::ReinstallForm;
use crate::permits::Permits;
use crate::plan::ReinstallPlan;
use crate::power_off::PowerCommand;

/// What happened: the user's intents and the world's answers.
#[derive(Clone, Debug, PartialEq)]
pub enum Event {
    /// "Review": the frozen plan, or the fields that keep the form from one (form order).
    Review(Result<Box<ReinstallPlan>, Vec<Field>>),
    /// Closes the open dialog (review, power-off, rollback, delete).
    Cancel,
    /// The open dialog's action.
    Confirm,
    /// Asks again about a lost answer, when the automatic questions ran out.
    CheckAgain,
    /// The browser is online again: a waiting question is asked again.
    Online,
    /// Reviews the plan again: the same plan after one that did not start; the form again
    /// after the instance changed under the dialog, or after the page went.
    ReviewAgain,
    /// Back from a plan that did not start to the form, to change it.
    EditAgain,
    Dismiss,
    /// Leaves a plan the page went away from, to start over with a fresh form.
    Discard,
    /// Another tab of this browser holds (or no longer holds) a confirmed plan for this
    /// instance.
    OtherTab(bool),
    /// The user is done with a finished reinstall.
    Done,
    RetrySnapshot,
    /// Back to the dialog with the same plan, without the snapshot.
    ContinueWithoutSnapshot,
    AskPowerOff,
    SetForce(bool),
    AskRollback(UndoTarget),
    AskDelete(UndoTarget),
    /// The instance's status changed (from the one status subscription).
    Status(InstanceStatus),
    /// The instance as DescribeInstances shows it now (asked for by `RefreshInstance`).
    InstanceRead(Box<InstanceInfo>),
    ResetAnswered(Result<String, ApiError>),
    /// What DescribeInstances says after a lost ResetInstance answer.
    OutcomeFound(Result<Box<InstanceInfo>, ApiError>),
    SnapshotCreated(Result<String, ApiError>),
    /// The snapshot as DescribeSnapshots shows it now (`None`: it is not there).
    SnapshotSeen(Result<Option<SnapshotInfo>, ApiError>),
    StopAnswered {
        ids: Vec<String>,
        answer: Result<Vec<String>, ApiError>,
    },
    StatusesFound(Result<Vec<InstanceStatusEntry>, ApiError>),
    ApplyAnswered(Result<String, ApiError>),
    DeleteAnswered(Result<Vec<String>, ApiError>),
}

/// Where the focus goes once the view has caught up.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FocusTarget {
    /// The button that opens the review (after the dialog closes).
    Review,
    /// The panel's heading (after the view changes).
    Heading,
    /// A field of the form (the first that keeps it from review).
    Field(Field),
    /// The power-off button (after its dialog closes).
    PowerButton,
    /// The form (once the instance is STOPPED).
    Form,
}

/// Which snapshot to read: by id, or (after a lost CreateSnapshot answer) by disk and name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SnapshotRef {
    Id(String),
    Named { disk_id: String, name: String },
}

/// What the owner must do; results come back as events.
#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    /// Send the reinstall; `hand_over_password`: show its (generated) password once sent.
    SendReset {
        request: ResetInstanceRequest,
        hand_over_password: bool,
    },
    CreateSnapshot(CreateSnapshotRequest),
    /// Read the snapshot after `delay_ms`.
    ReadSnapshot {
        snapshot: SnapshotRef,
        delay_ms: u32,
    },
    /// Ask DescribeInstances for the instance after `delay_ms`.
    AskOutcome {
        delay_ms: u32,
    },
    PowerOff(PowerCommand),
    Apply(ApplySnapshotRequest),
    Delete(String),
    /// Keep for a reload (sessionStorage), or forget.
    Remember(ActiveReinstall),
    Forget,
    /// Keep a confirmed plan that is not carried out yet for the tab (sessionStorage), or
    /// forget it (`None`).
    Keep(Option<Box<KeptPlan>>),
    /// Tell the other tabs of this browser whether this one holds a confirmed plan.
    TellTabs(bool),
    /// Put this form (a kept plan's) back in the form.
    RestoreForm(Box<ReinstallForm>),
    /// Review the form as it is (as the Review button does).
    ReviewForm,
    Announce(WidgetEvent, WidgetEventDetail),
    /// Show the API's refusal next to the field it concerns.
    FieldError(Field, String),
    /// The API said this image has no QGA agent: remember it for the page's life.
    RememberNoAgent(String),
    /// Re-read the instance: its image, name and status changed.
    RefreshInstance,
    /// Re-read the boot disk's snapshots.
    RefreshSnapshots,
    Focus(FocusTarget),
    /// Leave the finished view (the console returns to the list).
    Leave,
}

/// What the transitions read from the world besides the state: the time, the
/// deployment's protection policy and what the caller's session permits (both held by the
/// app, read here when needed).
#[derive(Clone, Copy)]
pub struct Env<'a> {
    /// Milliseconds since the epoch.
    pub now_ms: f64,
    pub policy: &'a ProtectionPolicy,
    pub permits: &'a Permits,
}
