//! An activity entry as the list shows it: its typed parts (`summary`) and their words
//! (`english`), durations and dates.

use zec_api::activity::{
    ActivityEntry, ActivityPlan, InstanceActivity, Login, Outcome, RefusedBy, SnapshotActivity,
};
use zec_console::activity::summary::{Change, Detail, Ending, Kind, Summary};
use zec_console::activity::words::{self as english, date, date_time, duration};

/// A reinstall of ins-web-01 by alice, accepted and still running.
pub fn reinstall() -> ActivityEntry {
    ActivityEntry {
        id: "7".into(),
        started_at: 1_795_910_231_368,
        actor: "alice".into(),
        client: "192.0.2.7".into(),
        action: "ResetInstance".into(),
        instances: vec![InstanceActivity {
            instance_id: "ins-web-01".into(),
            image_id_before: Some("img-ubuntu-2204".into()),
            image_name_before: Some("Ubuntu 22.04 LTS".into()),
            ..InstanceActivity::default()
        }],
        snapshots: vec![],
        plan: ActivityPlan {
            image_id: Some("img-debian-12".into()),
            login: Some(Login::Password),
            enable_agent: Some(false),
            ..ActivityPlan::default()
        },
        outcome: Outcome::Accepted,
        answer_lost: false,
        code: None,
        refused_by: None,
        request_id: Some("req-61592050".into()),
        final_state: None,
        ended_at: None,
        duration_ms: None,
    }
}

/// The same reinstall once the proxy saw it end.
pub fn ended(state: &str, duration_ms: i64) -> ActivityEntry {
    let mut entry = reinstall();
    entry.instances[0].image_id_after = Some("img-debian-12".into());
    entry.instances[0].image_name_after = Some("Debian 12".into());
    entry.instances[0].final_state = Some(state.into());
    entry.final_state = Some(state.into());
    entry.ended_at = Some(entry.started_at + duration_ms);
    entry.duration_ms = Some(duration_ms);
    entry
}

fn names(id: &str) -> Option<String> {
    (id == "img-debian-12").then(|| "Debian 12".to_owned())
}

/// The line as the list joins it.
fn line(summary: &Summary) -> String {
    let mut parts = vec![];
    parts.extend(summary.subject.clone());
    parts.push(english::headline(&summary.headline));
    parts.extend(summary.changes.iter().map(english::change));
    parts.push(english::ending(&summary.ending));
    parts.extend(summary.request_id.as_deref().map(english::request_id));
    parts.join(english::SEPARATOR)
}

#[test]
fn a_finished_reinstall_says_who_what_and_how_it_ended() {
    let summary = Summary::of(&ended("RUNNING", 130_250), false, names);
    assert_eq!(
        line(&summary),
        "Reinstalled by alice · Ubuntu 22.04 LTS → Debian 12 · RUNNING after 2 min 10 s · request id req-61592050"
    );
    assert!(!summary.open);
    assert_eq!(
        summary.details,
        vec![
            Detail::Login(Login::Password),
            Detail::Agent(false),
            Detail::Client("192.0.2.7".into())
        ]
    );
}

#[test]
fn a_running_reinstall_names_the_image_asked_for_and_is_open() {
    let summary = Summary::of(&reinstall(), false, names);
    assert_eq!(
        line(&summary),
        "Reinstall by alice · Ubuntu 22.04 LTS → Debian 12 · In progress · request id req-61592050"
    );
    assert!(summary.open);
    // Without a name for the image, its id.
    let unnamed = Summary::of(&reinstall(), false, |_| None);
    assert_eq!(
        unnamed.changes,
        vec![Change::Image {
            before: Some("Ubuntu 22.04 LTS".into()),
            after: Some("img-debian-12".into())
        }]
    );
}

#[test]
fn a_failed_install_is_not_called_reinstalled() {
    let summary = Summary::of(&ended("REINSTALL_FAILED", 61_000), false, names);
    assert_eq!(english::headline(&summary.headline), "Reinstall by alice");
    assert_eq!(
        english::ending(&summary.ending),
        "REINSTALL_FAILED after 1 min 1 s"
    );
}

#[test]
fn a_refusal_says_who_refused_and_the_code() {
    let mut entry = reinstall();
    entry.outcome = Outcome::Refused;
    entry.refused_by = Some(RefusedBy::Proxy);
    entry.code = Some("RESOURCE_PROTECTED".into());
    entry.ended_at = Some(entry.started_at);
    entry.duration_ms = Some(0);
    let summary = Summary::of(&entry, false, names);
    assert_eq!(
        english::ending(&summary.ending),
        "Refused by the proxy: RESOURCE_PROTECTED"
    );
    assert_eq!(english::headline(&summary.headline), "Reinstall by alice");
    assert!(!summary.open);
    entry.refused_by = Some(RefusedBy::Api);
    entry.code = Some("OPERATION_DENIED_INSTANCE_STATUS".into());
    assert_eq!(
        english::ending(&Summary::of(&entry, false, names).ending),
        "Refused by the API: OPERATION_DENIED_INSTANCE_STATUS"
    );
}

#[test]
fn a_list_of_several_instances_names_the_instance() {
    let summary = Summary::of(&ended("RUNNING", 5_000), true, names);
    assert_eq!(summary.subject.as_deref(), Some("ins-web-01"));
    assert!(line(&summary).starts_with("ins-web-01 · Reinstalled by alice"));
    assert_eq!(Summary::of(&reinstall(), false, names).subject, None);
}

#[test]
fn a_fleet_call_counts_its_instances_and_lists_each_end() {
    let mut entry = ended("MIXED", 40_000);
    entry.action = "ResetInstances".into();
    entry.instances[0].final_state = Some("RUNNING".into());
    let mut second = entry.instances[0].clone();
    second.instance_id = "ins-cache-01".into();
    second.final_state = Some("REINSTALL_FAILED".into());
    entry.instances.push(second);
    let summary = Summary::of(&entry, true, names);
    assert_eq!(
        summary.subject, None,
        "several instances: each has its line"
    );
    assert_eq!(summary.instance_ids, ["ins-web-01", "ins-cache-01"]);
    assert_eq!(
        english::headline(&summary.headline),
        "Reinstall of 2 instances by alice"
    );
    assert_eq!(
        english::ending(&summary.ending),
        "MIXED after 40 s: see each instance"
    );
    let lines: Vec<String> = summary
        .instances
        .iter()
        .map(english::instance_line)
        .collect();
    assert_eq!(
        lines,
        ["ins-web-01: RUNNING", "ins-cache-01: REINSTALL_FAILED"]
    );
    // All RUNNING: "2 instances reinstalled".
    entry.final_state = Some("RUNNING".into());
    entry.instances[1].final_state = Some("RUNNING".into());
    let summary = Summary::of(&entry, true, names);
    assert_eq!(
        english::headline(&summary.headline),
        "2 instances reinstalled by alice"
    );
}

#[test]
fn images_that_differ_between_instances_are_not_summed_up_as_one() {
    let mut entry = reinstall();
    entry.action = "ResetInstances".into();
    let mut other = entry.instances[0].clone();
    other.image_name_before = Some("Rocky Linux 9.4".into());
    entry.instances.push(other);
    let summary = Summary::of(&entry, false, names);
    assert_eq!(english::change(&summary.changes[0]), "→ Debian 12");
}

#[test]
fn the_current_image_again_and_a_lost_answer_say_so() {
    let mut entry = reinstall();
    entry.plan.image_id = None;
    entry.answer_lost = true;
    let summary = Summary::of(&entry, false, names);
    assert_eq!(
        english::change(&summary.changes[0]),
        "Ubuntu 22.04 LTS again"
    );
    assert!(summary.details.contains(&Detail::AnswerLost));
    entry.outcome = Outcome::Unknown;
    assert_eq!(Summary::of(&entry, false, names).ending, Ending::Asking);
    entry.outcome = Outcome::Pending;
    assert_eq!(
        english::ending(&Summary::of(&entry, false, names).ending),
        "Sent, no answer yet"
    );
    entry.outcome = Outcome::NotStarted;
    entry.ended_at = Some(entry.started_at + 1);
    assert_eq!(
        english::ending(&Summary::of(&entry, false, names).ending),
        "Did not start"
    );
}

#[test]
fn power_and_snapshot_calls_have_their_own_words() {
    let mut stop = ended("STOPPED", 12_000);
    stop.action = "StopInstances".into();
    stop.plan = ActivityPlan {
        force_shutdown: Some(true),
        ..ActivityPlan::default()
    };
    let summary = Summary::of(&stop, false, names);
    assert_eq!(summary.headline.kind, Kind::PowerOff);
    assert_eq!(
        line(&summary),
        "Powered off by alice · forced · STOPPED after 12 s · request id req-61592050"
    );

    let mut snapshot = ended("AVAILABLE", 3_000);
    snapshot.action = "CreateSnapshot".into();
    snapshot.plan = ActivityPlan {
        disk_id: Some("disk-web-01".into()),
        snapshot_id: Some("snap-1".into()),
        snapshot_name: Some("before-reinstall".into()),
        retention_time: Some("2026-12-05T00:00:00Z".into()),
        ..ActivityPlan::default()
    };
    let summary = Summary::of(&snapshot, false, names);
    assert_eq!(
        english::headline(&summary.headline),
        "Snapshot taken by alice"
    );
    assert_eq!(
        english::change(&summary.changes[0]),
        "snapshot before-reinstall"
    );
    assert!(summary
        .details
        .contains(&Detail::KeptUntil(Some(1_796_428_800_000))));
    let kept = Detail::KeptUntil(Some(1_796_428_800_000));
    assert_eq!(
        english::detail(&kept, |_| 60),
        "kept until 2026-12-05 01:00"
    );
    assert_eq!(
        english::detail(&Detail::KeptUntil(None), |_| 0),
        "kept until deleted"
    );

    let mut rollback = ended("AVAILABLE", 9_000);
    rollback.action = "ApplySnapshot".into();
    rollback.plan = ActivityPlan {
        snapshot_id: Some("snap-1".into()),
        ..ActivityPlan::default()
    };
    rollback.instances[0].image_name_after = Some("Ubuntu 22.04 LTS".into());
    let summary = Summary::of(&rollback, false, names);
    assert_eq!(
        line(&summary),
        "Rolled back by alice · snapshot snap-1 · Ubuntu 22.04 LTS again · AVAILABLE after 9 s · request id req-61592050"
    );

    let mut delete = ended("DELETED", 2_000);
    delete.action = "DeleteSnapshots".into();
    delete.plan = ActivityPlan::default();
    delete.snapshots = vec![SnapshotActivity {
        snapshot_id: "snap-1".into(),
        final_state: Some("DELETED".into()),
    }];
    let summary = Summary::of(&delete, false, names);
    assert_eq!(
        english::headline(&summary.headline),
        "Snapshot deleted by alice"
    );
    assert_eq!(summary.changes, vec![Change::Snapshot("snap-1".into())]);
}

#[test]
fn the_proxys_own_end_states_are_explained() {
    for (state, ending, words) in [
        (
            "TIMED_OUT",
            Ending::TimedOut,
            "No end state within the follow-up's limit",
        ),
        (
            "UNRESOLVED",
            Ending::Unresolved,
            "Unresolved: the API could not be asked what happened; check by hand",
        ),
        ("NOT_FOUND", Ending::Gone, "The API no longer lists it"),
        ("NOT_STARTED", Ending::NotStarted, "Did not start"),
    ] {
        let summary = Summary::of(&ended(state, 1_000), false, names);
        assert_eq!(summary.ending, ending, "{state}");
        assert_eq!(english::ending(&summary.ending), words);
        assert!(!summary.headline.succeeded, "{state} is not a success");
    }
}

#[test]
fn an_entry_that_changed_is_a_different_summary() {
    // The list keys its rows by the whole summary: a row is rendered again only when this
    // differs.
    let running = Summary::of(&reinstall(), false, names);
    let done = Summary::of(&ended("RUNNING", 1_000), false, names);
    assert_ne!(running, done);
    assert_eq!(running, Summary::of(&reinstall(), false, names));
}

#[test]
fn durations_in_whole_units() {
    for (ms, text) in [
        (0, "less than 1 s"),
        (999, "less than 1 s"),
        (1_000, "1 s"),
        (59_999, "59 s"),
        (60_000, "1 min"),
        (130_250, "2 min 10 s"),
        (3_600_000, "1 h"),
        (3_600_000 + 5 * 60_000 + 59_000, "1 h 5 min"),
        (86_400_000 * 2 + 3_600_000 * 4 + 1, "2 d 4 h"),
        (86_400_000, "1 d"),
    ] {
        assert_eq!(duration(ms), text, "{ms} ms");
    }
}

#[test]
fn dates_in_one_format_in_the_viewers_time_zone() {
    // 2026-11-29T14:37:11.368Z
    let at = 1_795_963_031_368;
    assert_eq!(date_time(at, 0), "2026-11-29 14:37");
    assert_eq!(date_time(at, 480), "2026-11-29 22:37", "Singapore");
    assert_eq!(
        date_time(at, -14 * 60 - 45),
        "2026-11-28 23:52",
        "a day back"
    );
    assert_eq!(date(at, 600), "2026-11-30", "a day ahead");
    // Before 1970 and the millisecond rounding go down, never up a minute.
    assert_eq!(date_time(59_999, 0), "1970-01-01 00:00");
    assert_eq!(date_time(-1, 0), "1969-12-31 23:59");
}
