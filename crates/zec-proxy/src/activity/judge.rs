//! What a state says about a call whose answer was lost, as the browser reads it
//! (`src/flow.rs`, `src/undo.rs`): carried out, not carried out, or unknowable. Pure
//! functions, tested below.

use zec_api::activity::final_state::{DELETED, NOT_FOUND};
use zec_api::{Action, InstanceStatus, ReinstallPhase, SnapshotStatus};

/// What a state says about a call whose answer was lost.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Evidence {
    /// It was carried out and is still running.
    Started,
    /// It was carried out and has ended in this state.
    Ended(String),
    /// The state is what it would be either way (a stop of a stopped instance): the call's
    /// fate stays unknown, the state is recorded.
    Either(String),
    /// It was not carried out.
    NotStarted,
}

/// For an instance action; `status` is `None` when the API no longer lists the instance,
/// `image_now` its image, `planned_image` the reinstall's (none: the same image again).
pub fn instance_evidence(
    action: Action,
    status: Option<&InstanceStatus>,
    image_now: Option<&str>,
    planned_image: Option<&str>,
) -> Evidence {
    let Some(status) = status else {
        return Evidence::Either(NOT_FOUND.to_owned());
    };
    let state = || status.as_str().to_owned();
    match action {
        Action::ResetInstance | Action::ResetInstances => match status.reinstall_phase() {
            ReinstallPhase::InProgress => Evidence::Started,
            ReinstallPhase::Failed => Evidence::Ended(state()),
            // It was STOPPED when it was sent: RUNNING on the plan's image is the reinstall.
            ReinstallPhase::Succeeded
                if planned_image.is_none_or(|plan| Some(plan) == image_now) =>
            {
                Evidence::Ended(state())
            }
            _ => Evidence::NotStarted,
        },
        Action::StopInstances => match status {
            InstanceStatus::Stopping => Evidence::Started,
            InstanceStatus::Stopped => Evidence::Either(state()),
            _ => Evidence::NotStarted,
        },
        Action::StartInstances => match status {
            InstanceStatus::Starting | InstanceStatus::Booting => Evidence::Started,
            InstanceStatus::Running => Evidence::Either(state()),
            _ => Evidence::NotStarted,
        },
        _ => Evidence::Either(state()),
    }
}

/// For a snapshot action; `status` is `None` when the API does not list the snapshot (for
/// CreateSnapshot: no snapshot of the plan's name on the disk).
pub fn snapshot_evidence(action: Action, status: Option<&SnapshotStatus>) -> Evidence {
    match (action, status) {
        (Action::CreateSnapshot, None) => Evidence::NotStarted,
        (Action::CreateSnapshot, Some(SnapshotStatus::Creating)) => Evidence::Started,
        (Action::CreateSnapshot, Some(s)) => Evidence::Ended(s.as_str().to_owned()),
        (Action::ApplySnapshot, Some(SnapshotStatus::RollingBack)) => Evidence::Started,
        // A rollback that already ended looks like one that never started.
        (Action::ApplySnapshot, Some(s)) => Evidence::Either(s.as_str().to_owned()),
        (Action::ApplySnapshot, None) => Evidence::Either(NOT_FOUND.to_owned()),
        // Gone or going means deleted.
        (Action::DeleteSnapshots, None) => Evidence::Ended(DELETED.to_owned()),
        (Action::DeleteSnapshots, Some(SnapshotStatus::Deleting)) => Evidence::Started,
        (Action::DeleteSnapshots, Some(_)) => Evidence::NotStarted,
        (_, Some(s)) => Evidence::Either(s.as_str().to_owned()),
        (_, None) => Evidence::Either(NOT_FOUND.to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use InstanceStatus as I;
    use SnapshotStatus as S;

    #[test]
    fn a_lost_reinstall_is_judged_like_the_browser_does() {
        let reset = Action::ResetInstance;
        let judge = |status, image| instance_evidence(reset, Some(&status), image, Some("img-b"));
        assert_eq!(judge(I::Deploying, Some("img-a")), Evidence::Started);
        assert_eq!(judge(I::Rebuilding, Some("img-a")), Evidence::Started);
        assert_eq!(
            judge(I::Running, Some("img-b")),
            Evidence::Ended("RUNNING".into())
        );
        assert_eq!(judge(I::Running, Some("img-a")), Evidence::NotStarted);
        assert_eq!(judge(I::Stopped, Some("img-a")), Evidence::NotStarted);
        assert_eq!(
            judge(I::ReinstallFailed, Some("img-a")),
            Evidence::Ended("REINSTALL_FAILED".into())
        );
        // The same image again: RUNNING is the reinstall (it was STOPPED when sent).
        assert_eq!(
            instance_evidence(reset, Some(&I::Running), Some("img-a"), None),
            Evidence::Ended("RUNNING".into())
        );
        assert_eq!(
            instance_evidence(reset, None, None, None),
            Evidence::Either(NOT_FOUND.into())
        );
    }

    #[test]
    fn lost_power_and_snapshot_calls_say_what_they_can() {
        let stop = |s| instance_evidence(Action::StopInstances, Some(&s), None, None);
        assert_eq!(stop(I::Stopping), Evidence::Started);
        assert_eq!(stop(I::Stopped), Evidence::Either("STOPPED".into()));
        assert_eq!(stop(I::Running), Evidence::NotStarted);
        let start = |s| instance_evidence(Action::StartInstances, Some(&s), None, None);
        assert_eq!(start(I::Starting), Evidence::Started);
        assert_eq!(start(I::Running), Evidence::Either("RUNNING".into()));
        assert_eq!(start(I::Stopped), Evidence::NotStarted);

        let create = |s: Option<S>| snapshot_evidence(Action::CreateSnapshot, s.as_ref());
        assert_eq!(create(None), Evidence::NotStarted);
        assert_eq!(create(Some(S::Creating)), Evidence::Started);
        assert_eq!(
            create(Some(S::Available)),
            Evidence::Ended("AVAILABLE".into())
        );
        let apply = |s: Option<S>| snapshot_evidence(Action::ApplySnapshot, s.as_ref());
        assert_eq!(apply(Some(S::RollingBack)), Evidence::Started);
        assert_eq!(
            apply(Some(S::Available)),
            Evidence::Either("AVAILABLE".into())
        );
        let delete = |s: Option<S>| snapshot_evidence(Action::DeleteSnapshots, s.as_ref());
        assert_eq!(delete(None), Evidence::Ended(DELETED.into()));
        assert_eq!(delete(Some(S::Deleting)), Evidence::Started);
        assert_eq!(delete(Some(S::Available)), Evidence::NotStarted);
    }
}
