//! Wire format: camelCase names, omitted optionals, ignored unknown fields, string image
//! sizes, envelopes, unknown states and codes kept verbatim.

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use serde_json::json;
use zec_api::errors::RESET_INSTANCE_CODES;
use zec_api::wire::*;
use zec_api::{Action, ErrorCode, ImageStatus, InstanceStatus, OsType, ReinstallPhase, Service};

#[test]
fn reset_request_omits_absent_fields_and_uses_wire_names() {
    let request = ResetInstanceRequest {
        instance_id: "ins-1".into(),
        options: ResetOptions {
            key_id: Some("key-1".into()),
            timezone: Some("UTC".into()),
            enable_agent: Some(false),
            instance_name: Some("web-01".into()),
            ..ResetOptions::default()
        },
    };
    assert_eq!(
        serde_json::to_value(&request).unwrap(),
        json!({"instanceId": "ins-1", "keyId": "key-1", "timezone": "UTC", "enableAgent": false, "instanceName": "web-01"})
    );
}

#[test]
fn reset_options_debug_redacts_secrets() {
    let options = ResetOptions {
        password: Some("Sup3r$ecret".into()),
        user_data: Some("export TOKEN=abc".into()),
        ..ResetOptions::default()
    };
    let debug = format!("{options:?}");
    assert!(!debug.contains("Sup3r$ecret"), "{debug}");
    assert!(!debug.contains("TOKEN=abc"), "{debug}");
    assert!(debug.contains("<redacted>"));
}

#[test]
fn instance_info_ignores_unknown_fields_and_reads_time_zone() {
    let instance: InstanceInfo = serde_json::from_value(json!({
        "instanceId": "ins-1", "instanceName": "web-01", "zoneId": "SIN-A",
        "imageId": "img-1", "imageName": "Ubuntu", "timeZone": "Asia/Singapore",
        "status": "HIBERNATING", "somethingNew": {"nested": true},
        "systemDisk": {"diskId": "d-1", "diskSize": 40, "diskCategory": "cloud_ssd", "extra": 1},
        "cpu": 2, "memory": 4
    }))
    .unwrap();
    assert_eq!(instance.time_zone.as_deref(), Some("Asia/Singapore"));
    assert_eq!(
        instance.status,
        InstanceStatus::Unknown("HIBERNATING".into())
    );
    assert_eq!(instance.system_disk.disk_size, 40);
    let back = serde_json::to_value(&instance).unwrap();
    assert_eq!(back["timeZone"], "Asia/Singapore");
    assert_eq!(back["status"], "HIBERNATING");
    assert!(back.get("keyId").is_none());
}

#[test]
fn image_size_is_a_string_on_the_wire() {
    let image: Image = serde_json::from_value(json!({
        "imageId": "img-1", "imageName": "Ubuntu 22.04", "imageSize": "20",
        "imageStatus": "AVAILABLE", "category": "Ubuntu", "osType": "linux", "nicNetworkType": ["VirtioNet"]
    }))
    .unwrap();
    assert_eq!(image.size_gib(), Some(20.0));
    assert_eq!(image.os_type, OsType::Linux);
    assert_eq!(serde_json::to_value(&image).unwrap()["imageSize"], "20");
    let odd = Image {
        image_size: "n/a".into(),
        ..image
    };
    assert_eq!(odd.size_gib(), None);
}

#[test]
fn success_envelope_repeats_the_request_id() {
    let envelope = SuccessEnvelope::new(
        "req-1",
        FailedInstances {
            instance_ids: vec![],
        },
    );
    assert_eq!(
        serde_json::to_value(&envelope).unwrap(),
        json!({"requestId": "req-1", "response": {"requestId": "req-1", "instanceIds": []}})
    );
    let page: SuccessEnvelope<Page<InstanceStatusEntry>> = serde_json::from_value(json!({
        "requestId": "r", "response": {"requestId": "r", "totalCount": 1,
        "dataSet": [{"instanceId": "ins-1", "instanceStatus": "DEPLOYING"}]}
    }))
    .unwrap();
    assert_eq!(
        page.response.data.data_set[0]
            .instance_status
            .reinstall_phase(),
        ReinstallPhase::InProgress
    );
}

#[test]
fn error_envelope_keeps_unknown_codes() {
    let envelope: ErrorEnvelope =
        serde_json::from_value(json!({"requestId": "r", "code": "BRAND_NEW_CODE", "message": "m"}))
            .unwrap();
    assert_eq!(envelope.code, ErrorCode::Other("BRAND_NEW_CODE".into()));
    let ours = ErrorEnvelope::new("r2", ErrorCode::InvalidPasswordMalformed);
    assert_eq!(
        serde_json::to_value(&ours).unwrap(),
        json!({"requestId": "r2", "code": "INVALID_PASSWORD_MALFORMED", "message": ErrorCode::InvalidPasswordMalformed.message()})
    );
}

#[test]
fn catalogue_has_the_seed_table_with_its_statuses() {
    let expected_404 = [
        "INVALID_IMAGE_NOT_FOUND",
        "INVALID_INSTANCE_NOT_FOUND",
        "INVALID_KEY_PAIR_NOT_FOUND",
    ];
    assert_eq!(RESET_INSTANCE_CODES.len(), 14);
    for code in RESET_INSTANCE_CODES {
        let status = if expected_404.contains(&code.as_str()) {
            404
        } else {
            400
        };
        assert_eq!(code.http_status(), status, "{code}");
        assert_eq!(&ErrorCode::from(code.as_str()), code);
    }
    assert_eq!(ErrorCode::RequestLimitExceeded.http_status(), 429);
    assert_eq!(ErrorCode::InternalServerError.http_status(), 500);
    for code in ErrorCode::ALL {
        assert!(!code.message().is_empty(), "{code}");
        assert_eq!(&ErrorCode::from(code.as_str()), code, "{code} round-trips");
    }
}

#[test]
fn states_round_trip_and_tell_the_reinstall_phase() {
    for status in InstanceStatus::KNOWN {
        assert_eq!(&InstanceStatus::from(status.as_str()), status);
    }
    for status in ImageStatus::KNOWN {
        assert_eq!(&ImageStatus::from(status.as_str()), status);
    }
    assert_eq!(
        InstanceStatus::Rebuilding.reinstall_phase(),
        ReinstallPhase::InProgress
    );
    assert_eq!(
        InstanceStatus::Running.reinstall_phase(),
        ReinstallPhase::Succeeded
    );
    assert_eq!(
        InstanceStatus::ReinstallFailed.reinstall_phase(),
        ReinstallPhase::Failed
    );
    assert_eq!(
        InstanceStatus::Stopped.reinstall_phase(),
        ReinstallPhase::Other
    );
}

#[test]
fn actions_belong_to_their_services() {
    assert_eq!(
        Action::find(Service::Ccs, "DescribeKeyPairs"),
        Some(Action::DescribeKeyPairs)
    );
    assert_eq!(Action::find(Service::Zec, "DescribeKeyPairs"), None);
    assert_eq!(
        Action::find(Service::Zec, "ResetInstance"),
        Some(Action::ResetInstance)
    );
    assert_eq!(Action::find(Service::Zec, "resetinstance"), None);
    assert_eq!(Action::find(Service::Zec, "TerminateInstance"), None);
    assert!(!Action::ResetInstance.is_read_only());
    assert!(Action::DescribeImages.is_read_only());
    assert_eq!(Service::from_name("ccs"), Some(Service::Ccs));
}

#[test]
fn parse_errors_never_repeat_values_from_the_body() {
    let error =
        parse_request::<DescribeInstancesRequest>(br#"{"pageSize": "Sup3r$ecret"}"#).unwrap_err();
    assert!(!error.contains("Sup3r$ecret"), "{error}");
    assert!(error.contains("expected u32"), "{error}");
    let error = parse_request::<ResetInstanceRequest>(
        br#"{"password": "Sup3r$ecret", "enableAgent": "Sup3r$ecret"}"#,
    )
    .unwrap_err();
    assert!(!error.contains("Sup3r$ecret"), "{error}");
    assert_eq!(
        parse_request::<DescribeTimeZonesRequest>(b"").unwrap(),
        DescribeTimeZonesRequest {}
    );
    assert!(parse_request::<ResetInstanceRequest>(b"[1,2]").is_err());
}

#[test]
fn request_ids_look_like_the_apis() {
    assert_eq!(
        format_request_id(0x0123_4567_89ab_cdef_0011_2233_4455_6677),
        "01234567-89ab-cdef-0011-223344556677"
    );
    assert_eq!(format_request_id(7).len(), 36);
}

#[test]
fn instance_tags_are_a_wrapped_list_and_absent_means_none() {
    let base = json!({
        "instanceId": "ins-1", "status": "STOPPED",
        "systemDisk": {"diskId": "d-1", "diskSize": 40}
    });
    let untagged: InstanceInfo = serde_json::from_value(base.clone()).unwrap();
    assert!(untagged.tags.is_empty());
    assert!(serde_json::to_value(&untagged)
        .unwrap()
        .get("tags")
        .is_none());

    let mut with_tags = base;
    with_tags["tags"] = json!({"tags": [{"key": "zec-reinstall:protected", "value": "true"}]});
    let tagged: InstanceInfo = serde_json::from_value(with_tags.clone()).unwrap();
    assert!(tagged
        .tags
        .contains(&Tag::new("zec-reinstall:protected", "true")));
    assert_eq!(
        serde_json::to_value(&tagged).unwrap()["tags"],
        with_tags["tags"]
    );
    let empty: InstanceInfo = serde_json::from_value(json!({
        "instanceId": "ins-1", "status": "STOPPED",
        "systemDisk": {"diskId": "d-1", "diskSize": 40}, "tags": {}
    }))
    .unwrap();
    assert!(empty.tags.is_empty());
}

#[test]
fn snapshot_types_use_the_wire_names_and_keep_unknown_states() {
    let info: SnapshotInfo = serde_json::from_value(json!({
        "snapshotId": "snap-1", "snapshotName": "before", "zoneId": "SIN-A",
        "status": "ARCHIVED", "snapshotType": "Manual", "diskId": "disk-1",
        "createTime": "2026-11-27T08:00:00Z", "diskAbility": true,
        "resourceGroup": {"resourceGroupId": "rg-1", "resourceGroupName": "Default"}
    }))
    .unwrap();
    assert_eq!(
        info.status,
        zec_api::SnapshotStatus::Unknown("ARCHIVED".into())
    );
    assert_eq!(info.retention_time, None, "absent: kept until deleted");
    let value = serde_json::to_value(&info).unwrap();
    assert!(value.get("retentionTime").is_none());
    assert_eq!(value["resourceGroup"]["resourceGroupId"], "rg-1");
    assert_eq!(
        serde_json::to_value(CreateSnapshotRequest {
            disk_id: "disk-1".into(),
            snapshot_name: "before".into(),
            retention_time: None,
        })
        .unwrap(),
        json!({"diskId": "disk-1", "snapshotName": "before"})
    );
    assert_eq!(
        serde_json::to_value(ApplySnapshotRequest {
            snapshot_id: "snap-1".into(),
            disk_id: "disk-1".into(),
        })
        .unwrap(),
        json!({"snapshotId": "snap-1", "diskId": "disk-1"})
    );
    assert_eq!(
        serde_json::to_value(DescribeSnapshotsRequest {
            disk_ids: vec!["disk-1".into()],
            status: Some(zec_api::SnapshotStatus::RollingBack),
            ..DescribeSnapshotsRequest::default()
        })
        .unwrap(),
        json!({"diskIds": ["disk-1"], "status": "ROLLING_BACK"})
    );
    for action in [
        Action::CreateSnapshot,
        Action::ApplySnapshot,
        Action::DeleteSnapshots,
    ] {
        assert!(!action.is_read_only(), "{action:?} changes a disk");
        assert_eq!(action.service(), Service::Zec);
    }
    assert!(Action::DescribeSnapshots.is_read_only());
    assert_eq!(
        Action::find(Service::Zec, "DescribeSnapshots"),
        Some(Action::DescribeSnapshots)
    );
}

zec_api::request_enum!(enum AnyRequest);

#[test]
fn the_action_table_types_every_request_and_its_answer() {
    use zec_api::wire::*;
    use zec_api::Call;
    fn action_of<C: Call>(_: &C) -> Action {
        C::ACTION
    }
    assert_eq!(
        action_of(&ResetInstanceRequest::default()),
        Action::ResetInstance
    );
    assert_eq!(
        action_of(&DescribeKeyPairsRequest::default()),
        Action::DescribeKeyPairs
    );
    // The answer type comes with the request type: a wrong pairing does not compile.
    let failed: <StopInstancesRequest as Call>::Response = FailedInstances::default();
    assert!(failed.instance_ids.is_empty());
    for action in Action::ALL {
        assert_eq!(
            Action::find(action.service(), action.name()),
            Some(*action),
            "{action:?}"
        );
        let read = AnyRequest::from_body(*action, b"{}").map(|r| r.action());
        // Every action's request reads from its body; those with required fields say so.
        if let Ok(read) = read {
            assert_eq!(read, *action);
        }
    }
    assert_eq!(Action::ALL.len(), 13);
}

#[test]
fn a_typed_request_is_written_back_with_the_contracts_keys_only() {
    let body = br#"{"instanceId":"ins-1","InstanceId":"other","password":"Abcdef1!","extra":1}"#;
    let request = AnyRequest::from_body(Action::ResetInstance, body).unwrap();
    assert_eq!(request.action(), Action::ResetInstance);
    let written: serde_json::Value = serde_json::from_slice(&request.to_json()).unwrap();
    assert_eq!(
        written,
        serde_json::json!({"instanceId": "ins-1", "password": "Abcdef1!"})
    );
    let refused = AnyRequest::from_body(Action::StopInstances, b"{\"instanceIds\":\"x\"}");
    assert!(refused.is_err());
}
