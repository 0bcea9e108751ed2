//! The words for the API's values, and where the console is.

use zec_api::InstanceStatus;
use zec_console::active::Outcome;
use zec_console::form::default_snapshot_name;
use zec_console::route::Route;
use zec_console::words::*;

#[test]
fn statuses_are_plain_words_with_the_code_where_it_says_it_differently() {
    assert_eq!(status_with_code(&InstanceStatus::Running), "Running");
    assert_eq!(
        status_with_code(&InstanceStatus::ReinstallFailed),
        "Reinstall failed (REINSTALL_FAILED)"
    );
    assert_eq!(
        status_with_code(&InstanceStatus::Stopped),
        "Powered off (STOPPED)"
    );
    assert_eq!(
        status_with_code(&InstanceStatus::from("HIBERNATING")),
        "HIBERNATING",
        "a status the console does not know yet is shown as the API says it"
    );
}

#[test]
fn counts_dates_and_snapshot_names_read_one_way() {
    assert_eq!(count(1, "instance", "instances"), "1 instance");
    assert_eq!(count(0, "instance", "instances"), "0 instances");
    assert_eq!(date_time(1_795_766_400), "2026-11-27 08:00 UTC");
    assert_eq!(date_time_ms(1_795_766_400_999.0), "2026-11-27 08:00 UTC");
    assert_eq!(api_time("2026-11-28T20:31:19Z"), "2026-11-28 20:31 UTC");
    assert_eq!(api_time("soon"), "soon", "anything else as it is");
    // 20:26 right after the date could read as the year 2026: not with T and Z.
    let at_2026 = 1_795_897_560; // 2026-11-28T20:26:00Z
    assert_eq!(
        default_snapshot_name("web-01", at_2026),
        "before-reinstall-web-01-20261128T2026Z"
    );
}

#[test]
fn announcements_say_state_changes_never_the_status_before_it_started() {
    let sent = reinstall_announcement(None, &InstanceStatus::Stopped);
    assert!(
        !sent.contains("STOPPED") && !sent.contains("Powered off"),
        "{sent}"
    );
    assert_eq!(
        reinstall_announcement(None, &InstanceStatus::Deploying),
        "Reinstall in progress: Installing (DEPLOYING)."
    );
    assert_eq!(
        reinstall_announcement(Some(Outcome::Failed), &InstanceStatus::ReinstallFailed),
        "Reinstall failed (REINSTALL_FAILED)."
    );
}

#[test]
fn routes_round_trip_through_the_address() {
    for route in [
        Route::List,
        Route::Instance("ins-web-01".into()),
        Route::FleetPlan,
        Route::FleetBatch,
    ] {
        let (instance, view) = route.params();
        assert_eq!(Route::read(instance, view), route);
    }
    assert_eq!(Route::read(Some(""), None), Route::List);
    assert_eq!(Route::read(None, Some("nonsense")), Route::List);
    assert!(Route::FleetPlan.replaced_by(&Route::FleetBatch));
    assert!(!Route::List.replaced_by(&Route::Instance("x".into())));
}
