//! The rules about the instance and the image, and a whole reinstall request checked at once
//! (natively and in Chromium).

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

mod support;

use support::*;
use zec_api::rules::*;
use zec_api::wire::ResetOptions;
use zec_api::{ErrorCode, ImageStatus, InstanceStatus, OsType};

// ---- instance and image ---------------------------------------------------------------------

#[test]
fn only_stopped_instances_can_be_reset() {
    for status in InstanceStatus::KNOWN {
        let expected = (*status != InstanceStatus::Stopped)
            .then_some(ErrorCode::UnsupportedOperationInstanceStatus);
        assert_eq!(code_of(check_instance_status(status)), expected, "{status}");
    }
    assert_eq!(
        code_of(check_instance_status(&InstanceStatus::Unknown(
            "HIBERNATED".into()
        ))),
        Some(ErrorCode::UnsupportedOperationInstanceStatus)
    );
}

#[test]
fn only_available_images_can_be_installed() {
    let target = instance(InstanceStatus::Stopped, 40);
    for status in ImageStatus::KNOWN {
        let img = image(OsType::Linux, "Ubuntu", "20", status.clone());
        let expected = (*status != ImageStatus::Available).then_some(ErrorCode::InvalidImageStatus);
        assert_eq!(
            code_of(check_image(&img, &target, Some(&OsType::Linux))),
            expected,
            "{status}"
        );
    }
}

#[test]
fn os_type_must_stay_the_same() {
    let target = instance(InstanceStatus::Stopped, 100);
    let windows = image(OsType::Windows, "Windows", "40", ImageStatus::Available);
    assert_eq!(
        code_of(check_image(&windows, &target, Some(&OsType::Linux))),
        Some(ErrorCode::InvalidOsTypeNotSame)
    );
    assert_eq!(
        code_of(check_image(&windows, &target, Some(&OsType::Windows))),
        None
    );
    // Unknown current OS: the check is left to the server.
    assert_eq!(code_of(check_image(&windows, &target, None)), None);
}

#[test]
fn image_must_fit_the_boot_disk() {
    let target = instance(InstanceStatus::Stopped, 40);
    let fits = |size: &str| {
        code_of(check_image(
            &image(OsType::Linux, "Ubuntu", size, ImageStatus::Available),
            &target,
            None,
        ))
    };
    assert_eq!(fits("39"), None);
    assert_eq!(fits("40"), None);
    assert_eq!(fits("40.5"), Some(ErrorCode::InvalidImageSizeExceed));
    assert_eq!(fits("41"), Some(ErrorCode::InvalidImageSizeExceed));
    let mut needs_min_disk = image(OsType::Linux, "Ubuntu", "10", ImageStatus::Available);
    needs_min_disk.min_disk_size = Some(50);
    assert_eq!(
        code_of(check_image(&needs_min_disk, &target, None)),
        Some(ErrorCode::InvalidImageSizeExceed)
    );
}

#[test]
fn time_zone_must_be_listed() {
    let zones = vec!["UTC".to_owned(), "Europe/Berlin".to_owned()];
    assert_eq!(code_of(check_timezone("Europe/Berlin", &zones)), None);
    let violation = check_timezone("Mars/Olympus", &zones).unwrap_err();
    assert_eq!(
        (violation.field(), violation.code()),
        (Field::Timezone, ErrorCode::InvalidParameter)
    );
    assert_eq!(
        code_of(check_timezone("europe/berlin", &zones)),
        Some(ErrorCode::InvalidParameter)
    );
}

#[test]
fn agent_needs_an_image_with_agent_support() {
    assert_eq!(
        code_of(check_agent(true, false)),
        Some(ErrorCode::InvalidImageAgentNotSupport)
    );
    assert_eq!(code_of(check_agent(true, true)), None);
    assert_eq!(code_of(check_agent(false, false)), None);
}

// ---- whole request --------------------------------------------------------------------------

#[test]
fn whole_request_reports_parameters_before_context() {
    let running = instance(InstanceStatus::Running, 40);
    let options = ResetOptions {
        password: Some("short".into()),
        instance_name: Some("x".into()),
        ..ResetOptions::default()
    };
    let context = ResetContext {
        instance: Some(&running),
        ..ResetContext::default()
    };
    let codes: Vec<ErrorCode> = validate_reset(&options, &context)
        .into_iter()
        .map(|v| v.code())
        .collect();
    assert_eq!(
        codes,
        vec![
            ErrorCode::InvalidPasswordMalformed,
            ErrorCode::InvalidParameter,
            ErrorCode::UnsupportedOperationInstanceStatus
        ]
    );
    assert_eq!(
        check_reset(&options, &context).unwrap_err().code(),
        ErrorCode::InvalidPasswordMalformed
    );
}

#[test]
fn whole_request_uses_current_image_when_no_image_is_asked_for() {
    let stopped = instance(InstanceStatus::Stopped, 40);
    let windows = image(OsType::Windows, "Windows", "30", ImageStatus::Available);
    let context = ResetContext {
        instance: Some(&stopped),
        current_image: Some(&windows),
        ..ResetContext::default()
    };
    assert_eq!(
        check_reset(&with_password("Abcdef1!"), &context)
            .unwrap_err()
            .code(),
        ErrorCode::InvalidImagePasswordNotSupport
    );
    assert!(check_reset(&ResetOptions::default(), &context).is_ok());
}

#[test]
fn whole_request_checks_requested_image_key_and_agent() {
    let stopped = instance(InstanceStatus::Stopped, 20);
    let current = linux();
    let big = image(OsType::Linux, "Ubuntu", "60", ImageStatus::Available);
    let dsa = key("ssh-dss AAAA");
    let options = ResetOptions {
        image_id: Some("img-x".into()),
        key_id: Some("key-1".into()),
        enable_agent: Some(true),
        ..ResetOptions::default()
    };
    let context = ResetContext {
        instance: Some(&stopped),
        current_image: Some(&current),
        requested_image: Some(&big),
        key_pair: Some(&dsa),
        image_has_agent: Some(false),
        time_zones: None,
    };
    let codes: Vec<ErrorCode> = validate_reset(&options, &context)
        .into_iter()
        .map(|v| v.code())
        .collect();
    assert_eq!(
        codes,
        vec![
            ErrorCode::InvalidImageSizeExceed,
            ErrorCode::InvalidKeyPairNotSupport,
            ErrorCode::InvalidImageAgentNotSupport
        ]
    );
}

#[test]
fn a_valid_request_passes_with_full_context() {
    let stopped = instance(InstanceStatus::Stopped, 40);
    let current = linux();
    let zones = vec!["UTC".to_owned(), "Asia/Singapore".to_owned()];
    let options = ResetOptions {
        password: Some("Abcdef1!".into()),
        image_id: Some("img-x".into()),
        instance_name: Some("web-02".into()),
        user_data: Some("#!/bin/sh\necho hi\n".into()),
        enable_agent: Some(true),
        timezone: Some("Asia/Singapore".into()),
        ..ResetOptions::default()
    };
    let context = ResetContext {
        instance: Some(&stopped),
        current_image: Some(&current),
        requested_image: Some(&current),
        key_pair: None,
        image_has_agent: Some(true),
        time_zones: Some(&zones),
    };
    assert_eq!(validate_reset(&options, &context), vec![]);
}

#[test]
fn every_reset_code_maps_to_a_form_field() {
    for code in zec_api::errors::RESET_INSTANCE_CODES {
        assert!(Field::for_code(code).is_some(), "{code} has no field");
    }
    assert_eq!(
        Field::for_code(&ErrorCode::InvalidImageAgentNotSupport),
        Some(Field::EnableAgent)
    );
    assert_eq!(
        Field::for_code(&ErrorCode::InvalidImageSizeExceed),
        Some(Field::Image)
    );
    assert_eq!(Field::for_code(&ErrorCode::InternalServerError), None);
}
