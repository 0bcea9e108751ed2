//! When an accepted call has reached its end, as the follow-up sees it: each instance (or
//! snapshot) gets the end state of its action, and the record closes once all have one. Pure
//! functions, tested below.

use std::collections::HashMap;

use zec_api::activity::final_state::{DELETED, MIXED, NOT_FOUND, TIMED_OUT};
use zec_api::{Action, InstanceStatus, ReinstallPhase, SnapshotStatus};

use super::{Phase, Progress};
use crate::status::Seen;

/// Whether the action is followed through its snapshots (else through its instances).
pub fn follows_snapshots(action: Action) -> bool {
    matches!(
        action,
        Action::CreateSnapshot | Action::ApplySnapshot | Action::DeleteSnapshots
    )
}

/// The end state an instance has reached for an accepted call, if it has. `None` for the
/// status means the API no longer lists the instance.
pub fn instance_end(action: Action, status: Option<&InstanceStatus>) -> Option<String> {
    let Some(status) = status else {
        return Some(NOT_FOUND.to_owned());
    };
    let ended = match action {
        Action::ResetInstance | Action::ResetInstances => matches!(
            status.reinstall_phase(),
            ReinstallPhase::Succeeded | ReinstallPhase::Failed
        ),
        Action::StopInstances => *status == InstanceStatus::Stopped,
        Action::StartInstances => *status == InstanceStatus::Running,
        _ => false,
    };
    ended.then(|| status.as_str().to_owned())
}

/// The end state a snapshot has reached for an accepted call, if it has. `None` for the
/// status means the API no longer lists the snapshot.
pub fn snapshot_end(action: Action, status: Option<&SnapshotStatus>) -> Option<String> {
    match (action, status) {
        (Action::DeleteSnapshots, None) => Some(DELETED.to_owned()),
        (_, None) => Some(NOT_FOUND.to_owned()),
        (
            Action::CreateSnapshot,
            Some(s @ (SnapshotStatus::Available | SnapshotStatus::Failed)),
        ) => Some(s.as_str().to_owned()),
        (Action::ApplySnapshot, Some(s)) if *s != SnapshotStatus::RollingBack => {
            Some(s.as_str().to_owned())
        }
        (Action::DeleteSnapshots, Some(s)) if *s != SnapshotStatus::Deleting => {
            Some(s.as_str().to_owned())
        }
        _ => None,
    }
}

/// Gives each open instance of an accepted call the end state it has reached, as the status
/// hub last saw it; past the follow-up's limit (`timed_out`), the last state seen, or
/// `TIMED_OUT`. Whether anything changed.
pub fn advance_instances(
    action: Action,
    progress: &mut Progress,
    seen: impl Fn(&str) -> Seen,
    timed_out: bool,
) -> bool {
    let mut changed = false;
    for instance in progress
        .instances
        .iter_mut()
        .filter(|i| i.final_state.is_none())
    {
        let seen = seen(&instance.instance_id);
        let end = match &seen {
            Seen::NotYet => None,
            Seen::Status(status) => instance_end(action, Some(status)),
            Seen::Missing => instance_end(action, None),
        };
        instance.final_state = match (end, seen) {
            (Some(end), _) => Some(end),
            (None, Seen::Status(last)) if timed_out => Some(last.as_str().to_owned()),
            (None, _) if timed_out => Some(TIMED_OUT.to_owned()),
            (None, _) => continue,
        };
        changed = true;
    }
    changed
}

/// The same for snapshots. `statuses`: what DescribeSnapshots listed (`None`: it could not be
/// read); a snapshot it does not list is gone.
pub fn advance_snapshots(
    action: Action,
    progress: &mut Progress,
    statuses: Option<&HashMap<String, SnapshotStatus>>,
    timed_out: bool,
) -> bool {
    if statuses.is_none() && !timed_out {
        return false;
    }
    let mut changed = false;
    for snapshot in progress
        .snapshots
        .iter_mut()
        .filter(|s| s.final_state.is_none())
    {
        // Outer `None`: not read; inner `None`: no longer listed.
        let status = statuses.map(|statuses| statuses.get(&snapshot.snapshot_id));
        snapshot.final_state = match (status.map(|s| snapshot_end(action, s)), status) {
            (Some(Some(end)), _) => Some(end),
            (_, Some(Some(last))) if timed_out => Some(last.as_str().to_owned()),
            _ if timed_out => Some(TIMED_OUT.to_owned()),
            _ => continue,
        };
        changed = true;
    }
    changed
}

/// Closes the record when every instance (or snapshot) the action follows has its end
/// state: the common one, or `MIXED`.
pub fn finish_if_ended(action: Action, progress: &mut Progress, now: i64) {
    let states: Vec<Option<&String>> = if follows_snapshots(action) {
        progress
            .snapshots
            .iter()
            .map(|s| s.final_state.as_ref())
            .collect()
    } else {
        progress
            .instances
            .iter()
            .map(|i| i.final_state.as_ref())
            .collect()
    };
    if states.iter().any(Option::is_none) {
        return;
    }
    let first = states.first().copied().flatten();
    progress.final_state = match first {
        Some(first) if states.iter().all(|s| *s == Some(first)) => Some(first.clone()),
        Some(_) => Some(MIXED.to_owned()),
        None => None,
    };
    progress.ended_at = Some(now);
    progress.phase = Phase::Done;
}

#[cfg(test)]
mod tests {
    use super::*;
    use zec_api::activity::{ActivityPlan, InstanceActivity, Outcome, SnapshotActivity};
    use InstanceStatus as I;
    use SnapshotStatus as S;

    fn following(instances: &[&str], snapshots: &[&str]) -> Progress {
        Progress {
            outcome: Outcome::Accepted,
            answer_lost: false,
            code: None,
            refused_by: None,
            request_id: None,
            plan: ActivityPlan::default(),
            instances: instances
                .iter()
                .map(|id| InstanceActivity {
                    instance_id: id.to_string(),
                    ..InstanceActivity::default()
                })
                .collect(),
            snapshots: snapshots
                .iter()
                .map(|id| SnapshotActivity {
                    snapshot_id: id.to_string(),
                    final_state: None,
                })
                .collect(),
            final_state: None,
            ended_at: None,
            phase: Phase::Following,
            attempts: 0,
            next_try_at: 0,
        }
    }

    fn states(progress: &Progress) -> Vec<Option<&str>> {
        progress
            .instances
            .iter()
            .map(|i| i.final_state.as_deref())
            .collect()
    }

    #[test]
    fn a_fleet_reinstall_ends_instance_by_instance_and_closes_once_all_have() {
        let mut p = following(&["ins-1", "ins-2", "ins-3"], &[]);
        let reset = Action::ResetInstances;
        let seen = |id: &str| match id {
            "ins-1" => Seen::Status(I::Running),
            "ins-2" => Seen::Status(I::Deploying),
            _ => Seen::NotYet,
        };
        assert!(advance_instances(reset, &mut p, seen, false));
        assert_eq!(states(&p), [Some("RUNNING"), None, None]);
        finish_if_ended(reset, &mut p, 10);
        assert_eq!(p.phase, Phase::Following);
        // ins-1 is stopped later: its end state stays.
        let seen = |id: &str| match id {
            "ins-1" => Seen::Status(I::Stopped),
            "ins-2" => Seen::Status(I::ReinstallFailed),
            _ => Seen::Missing,
        };
        assert!(advance_instances(reset, &mut p, seen, false));
        assert_eq!(
            states(&p),
            [Some("RUNNING"), Some("REINSTALL_FAILED"), Some(NOT_FOUND)]
        );
        assert!(!advance_instances(
            reset,
            &mut p,
            |_| Seen::Status(I::Running),
            false
        ));
        finish_if_ended(reset, &mut p, 20);
        assert_eq!(
            (p.phase, p.final_state.as_deref(), p.ended_at),
            (Phase::Done, Some(MIXED), Some(20))
        );
    }

    #[test]
    fn past_its_limit_a_follow_up_keeps_the_last_state_seen() {
        let mut p = following(&["ins-1", "ins-2"], &[]);
        let seen = |id: &str| match id {
            "ins-1" => Seen::Status(I::Stopping),
            _ => Seen::NotYet,
        };
        assert!(!advance_instances(
            Action::StopInstances,
            &mut p,
            seen,
            false
        ));
        assert!(advance_instances(Action::StopInstances, &mut p, seen, true));
        assert_eq!(states(&p), [Some("STOPPING"), Some(TIMED_OUT)]);

        let mut p = following(&["ins-1"], &["snap-1", "snap-2"]);
        let create = Action::CreateSnapshot;
        let listed: HashMap<String, S> = [("snap-1".to_owned(), S::Creating)].into();
        assert!(
            !advance_snapshots(create, &mut p, None, false),
            "not read: nothing changes"
        );
        assert!(advance_snapshots(create, &mut p, Some(&listed), false));
        let snapshots: Vec<_> = p
            .snapshots
            .iter()
            .map(|s| s.final_state.as_deref())
            .collect();
        assert_eq!(snapshots, [None, Some(NOT_FOUND)]);
        assert!(
            advance_snapshots(create, &mut p, None, true),
            "unreadable past its limit"
        );
        assert_eq!(p.snapshots[0].final_state.as_deref(), Some(TIMED_OUT));
        finish_if_ended(create, &mut p, 30);
        assert_eq!(p.final_state.as_deref(), Some(MIXED));
    }

    #[test]
    fn each_action_ends_in_its_own_states() {
        let reset = Action::ResetInstance;
        assert_eq!(instance_end(reset, Some(&I::Deploying)), None);
        assert_eq!(instance_end(reset, Some(&I::Stopped)), None);
        assert_eq!(
            instance_end(reset, Some(&I::Running)).as_deref(),
            Some("RUNNING")
        );
        assert_eq!(
            instance_end(Action::ResetInstances, Some(&I::ReinstallFailed)).as_deref(),
            Some("REINSTALL_FAILED")
        );
        assert_eq!(
            instance_end(Action::StopInstances, Some(&I::Stopping)),
            None
        );
        assert_eq!(
            instance_end(Action::StopInstances, Some(&I::Stopped)).as_deref(),
            Some("STOPPED")
        );
        assert_eq!(
            instance_end(Action::StartInstances, Some(&I::Stopped)),
            None
        );
        assert_eq!(instance_end(reset, None).as_deref(), Some(NOT_FOUND));

        let create = Action::CreateSnapshot;
        assert_eq!(snapshot_end(create, Some(&S::Creating)), None);
        assert_eq!(
            snapshot_end(create, Some(&S::Failed)).as_deref(),
            Some("FAILED")
        );
        assert_eq!(
            snapshot_end(Action::ApplySnapshot, Some(&S::RollingBack)),
            None
        );
        assert_eq!(
            snapshot_end(Action::ApplySnapshot, Some(&S::Available)).as_deref(),
            Some("AVAILABLE")
        );
        assert_eq!(
            snapshot_end(Action::DeleteSnapshots, Some(&S::Deleting)),
            None
        );
        assert_eq!(
            snapshot_end(Action::DeleteSnapshots, None).as_deref(),
            Some(DELETED)
        );
        assert_eq!(snapshot_end(create, None).as_deref(), Some(NOT_FOUND));
        assert!(follows_snapshots(Action::ApplySnapshot));
        assert!(!follows_snapshots(Action::StopInstances));
    }
}
