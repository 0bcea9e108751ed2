//! Tags, protection and disk snapshots (natively and in Chromium).

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

mod support;

use support::*;
use zec_api::rules::*;
use zec_api::wire::{InstanceInfo, Tag, Tags};
use zec_api::{ErrorCode, InstanceStatus};

// ---- tags and protection ----------------------------------------------------------------------

fn tagged(id: &str, tags: &[(&str, &str)]) -> InstanceInfo {
    InstanceInfo {
        instance_id: id.into(),
        tags: Tags {
            tags: tags.iter().map(|(k, v)| Tag::new(*k, *v)).collect(),
        },
        ..instance(InstanceStatus::Stopped, 40)
    }
}

#[test]
fn the_default_tag_protects_and_only_with_its_exact_value() {
    let policy = ProtectionPolicy::default();
    assert_eq!(policy.tag, Tag::new("zec-reinstall:protected", "true"));
    let protected = tagged(
        "ins-1",
        &[("env", "prod"), ("zec-reinstall:protected", "true")],
    );
    assert_eq!(
        protection(&protected, &policy),
        Some(ProtectedBy::Tag(policy.tag.clone()))
    );
    for tags in [
        &[("zec-reinstall:protected", "false")][..],
        &[("zec-reinstall:protected", "TRUE")][..],
        &[("Zec-Reinstall:Protected", "true")][..],
        &[("env", "true")][..],
        &[][..],
    ] {
        assert_eq!(
            protection(&tagged("ins-1", tags), &policy),
            None,
            "{tags:?}"
        );
    }
}

#[test]
fn a_listed_id_or_another_tag_protects() {
    let policy = ProtectionPolicy {
        tag: Tag::new("lock", "yes"),
        instance_ids: vec!["ins-2".into()],
    };
    assert_eq!(
        protection(&tagged("ins-2", &[]), &policy),
        Some(ProtectedBy::List)
    );
    assert_eq!(
        protection(&tagged("ins-1", &[("lock", "yes")]), &policy),
        Some(ProtectedBy::Tag(Tag::new("lock", "yes")))
    );
    assert_eq!(
        protection(
            &tagged("ins-1", &[("zec-reinstall:protected", "true")]),
            &policy
        ),
        None,
        "another configured tag replaces the default"
    );
}

#[test]
fn a_refusal_names_every_protected_instance() {
    assert!(check_not_protected(&[]).is_ok());
    let violation = check_not_protected(&[
        ("ins-a".into(), ProtectedBy::List),
        (
            "ins-b".into(),
            ProtectedBy::Tag(Tag::new("zec-reinstall:protected", "true")),
        ),
    ])
    .unwrap_err();
    assert_eq!(violation.code(), ErrorCode::ResourceProtected);
    assert_eq!(violation.code().http_status(), 403);
    assert_eq!(violation.field(), Field::Instance);
    let message = violation.to_string();
    assert!(message.contains("ins-a"), "{message}");
    assert!(
        message.contains("ins-b is protected by its tag zec-reinstall:protected=true"),
        "{message}"
    );
}

#[test]
fn tags_are_1_to_64_characters_and_parse_from_key_equals_value() {
    assert_eq!(parse_tag("team=a=b"), Ok(Tag::new("team", "a=b")));
    assert!(check_tag(&Tag::new("k".repeat(64), "v".repeat(64))).is_ok());
    for bad in [
        "=v",
        "k=",
        "novalue",
        &format!("{}=v", "k".repeat(65)),
        &format!("k={}", "é".repeat(65)),
    ] {
        assert_eq!(
            parse_tag(bad).map_err(|v| v.code()),
            Err(ErrorCode::InvalidParameter),
            "{bad}"
        );
    }
}

// ---- disk snapshots ---------------------------------------------------------------------------

#[test]
fn snapshot_names_are_2_to_63_and_start_and_end_alphanumeric() {
    for good in [
        "ab",
        "before-reinstall-web-01-20261127",
        "v1.2",
        &"a".repeat(63),
    ] {
        assert!(check_snapshot_name(good).is_ok(), "{good}");
    }
    for bad in [
        "a",
        "",
        &"a".repeat(64),
        "-ab",
        "ab-",
        "ab.",
        ".ab",
        "a b",
        "a_b",
        "ünï",
    ] {
        let violation = check_snapshot_name(bad).unwrap_err();
        assert_eq!(violation.code(), ErrorCode::InvalidParameter, "{bad}");
        assert_eq!(violation.field(), Field::SnapshotName, "{bad}");
    }
}

#[test]
fn retention_is_utc_and_at_least_a_day_ahead() {
    let now = 1_700_000_000; // 2023-11-14T22:13:20Z
    assert_eq!(
        check_retention_time("2023-11-15T22:13:20Z", now),
        Ok(now + 86_400)
    );
    let too_soon = check_retention_time("2023-11-15T22:13:19Z", now).unwrap_err();
    assert_eq!(too_soon.code(), ErrorCode::InvalidParameter);
    assert!(too_soon.to_string().contains("24 hours"), "{too_soon}");
    assert!(
        too_soon.to_string().contains("after 2023-11-15T22:13:20Z"),
        "{too_soon}"
    );
    assert!(check_retention_time("2020-01-01T00:00:00Z", now).is_err());
    for malformed in [
        "2023-11-20",
        "2023-11-20T00:00:00",
        "2023-11-20T00:00:00+01:00",
    ] {
        let violation = check_retention_time(malformed, now).unwrap_err();
        assert!(
            violation.to_string().contains("yyyy-MM-ddTHH:mm:ssZ"),
            "{malformed}"
        );
    }
}

#[test]
fn create_and_apply_requests_need_their_ids() {
    use zec_api::wire::{ApplySnapshotRequest, CreateSnapshotRequest};
    let create = CreateSnapshotRequest {
        disk_id: "disk-1".into(),
        snapshot_name: "before-1".into(),
        retention_time: None,
    };
    assert!(check_create_snapshot(&create, 0).is_ok());
    let no_disk = CreateSnapshotRequest {
        disk_id: " ".into(),
        ..create.clone()
    };
    assert_eq!(
        check_create_snapshot(&no_disk, 0).unwrap_err().code(),
        ErrorCode::MissingParameter
    );
    let soon = CreateSnapshotRequest {
        retention_time: Some("1970-01-01T01:00:00Z".into()),
        ..create
    };
    assert_eq!(
        check_create_snapshot(&soon, 0).unwrap_err().code(),
        ErrorCode::InvalidParameter
    );
    let apply = ApplySnapshotRequest {
        snapshot_id: "snap-1".into(),
        disk_id: String::new(),
    };
    assert_eq!(
        check_apply_snapshot_request(&apply)
            .unwrap_err()
            .to_string(),
        "diskId is required."
    );
    assert_eq!(
        check_snapshot_ids(&[], true).unwrap_err().code(),
        ErrorCode::MissingParameter
    );
    let many: Vec<String> = (0..101).map(|i| format!("snap-{i}")).collect();
    assert_eq!(
        check_snapshot_ids(&many, true).unwrap_err().code(),
        ErrorCode::InvalidParameter
    );
    assert!(check_snapshot_ids(&many[..100], true).is_ok());
}

#[test]
fn a_rollback_needs_the_disks_own_available_snapshot_and_a_stopped_instance() {
    use zec_api::wire::SnapshotInfo;
    use zec_api::SnapshotStatus;
    let snapshot = |status: SnapshotStatus| SnapshotInfo {
        snapshot_id: "snap-1".into(),
        snapshot_name: "before".into(),
        zone_id: "z".into(),
        status,
        snapshot_type: None,
        retention_time: None,
        disk_id: "disk-1".into(),
        create_time: None,
        resource_group: None,
    };
    let available = snapshot(SnapshotStatus::Available);
    assert!(check_apply_snapshot(&available, "disk-1", &InstanceStatus::Stopped).is_ok());
    let code = |result: Result<(), Violation>| result.unwrap_err().code();
    assert_eq!(
        code(check_apply_snapshot(
            &available,
            "disk-2",
            &InstanceStatus::Stopped
        )),
        ErrorCode::InvalidSnapshotDiskMismatch
    );
    assert_eq!(
        code(check_apply_snapshot(
            &available,
            "disk-1",
            &InstanceStatus::Running
        )),
        ErrorCode::UnsupportedOperationInstanceStatus
    );
    for status in [
        SnapshotStatus::Creating,
        SnapshotStatus::Failed,
        SnapshotStatus::RollingBack,
        SnapshotStatus::Deleting,
        SnapshotStatus::Unknown("NEW".into()),
    ] {
        assert_eq!(
            code(check_apply_snapshot(
                &snapshot(status.clone()),
                "disk-1",
                &InstanceStatus::Stopped
            )),
            ErrorCode::InvalidSnapshotStatus,
            "{status}"
        );
    }
}
