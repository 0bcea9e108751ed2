//! The ResetInstance rules. These same tests run natively (`cargo test`) and compiled to wasm
//! inside Chromium (`wasm-pack test --headless --chrome crates/zec-api`), which proves the
//! browser runs the very same rules as the servers.

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use zec_api::rules::*;
use zec_api::wire::{Image, InstanceInfo, KeyPair, ResetOptions, Tag, Tags};
use zec_api::{ErrorCode, ImageStatus, InstanceStatus, OsType};

fn code_of(result: Result<(), Violation>) -> Option<ErrorCode> {
    result.err().map(|violation| violation.code)
}

fn instance(status: InstanceStatus, disk_gib: u32) -> InstanceInfo {
    serde_json::from_value(serde_json::json!({
        "instanceId": "ins-1", "instanceName": "web-01", "zoneId": "SIN-A",
        "imageId": "img-ubuntu-22", "imageName": "Ubuntu 22.04",
        "status": status.as_str(),
        "systemDisk": {"diskId": "disk-1", "diskSize": disk_gib}
    }))
    .unwrap()
}

fn image(os: OsType, category: &str, size: &str, status: ImageStatus) -> Image {
    Image {
        image_id: "img-x".into(),
        image_name: "X".into(),
        image_type: None,
        image_source: None,
        image_size: size.into(),
        min_disk_size: None,
        image_description: None,
        image_version: None,
        image_status: status,
        category: category.into(),
        os_type: os,
        nic_network_type: vec![],
    }
}

fn linux() -> Image {
    image(OsType::Linux, "Ubuntu", "20", ImageStatus::Available)
}

fn key(public_key: &str) -> KeyPair {
    KeyPair {
        key_id: "key-1".into(),
        key_name: "laptop".into(),
        public_key: public_key.into(),
        key_description: None,
        create_time: None,
    }
}

fn with_password(password: &str) -> ResetOptions {
    ResetOptions {
        password: Some(password.into()),
        ..ResetOptions::default()
    }
}

// ---- password -------------------------------------------------------------------------------

#[test]
fn password_length_boundaries() {
    assert_eq!(
        code_of(check_password("aB3$xyz")),
        Some(ErrorCode::InvalidPasswordMalformed)
    ); // 7
    assert_eq!(code_of(check_password("aB3$xyzw")), None); // 8
    assert_eq!(code_of(check_password("aB3$xyzwaB3$xyzw")), None); // 16
    assert_eq!(
        code_of(check_password("aB3$xyzwaB3$xyzwq")),
        Some(ErrorCode::InvalidPasswordMalformed)
    ); // 17
    assert_eq!(
        code_of(check_password("")),
        Some(ErrorCode::InvalidPasswordMalformed)
    );
}

#[test]
fn every_allowed_special_is_accepted_and_counts_as_special() {
    for special in PASSWORD_SPECIALS.chars() {
        let password = format!("Abcdef1{special}");
        assert_eq!(code_of(check_password(&password)), None, "{password}");
        assert!(PasswordChecklist::of(&password).has_special, "{password}");
    }
}

#[test]
fn every_letter_and_digit_is_accepted() {
    for c in ('a'..='z').chain('A'..='Z').chain('0'..='9') {
        let password = format!("aA1-{c}{c}{c}{c}");
        assert_eq!(code_of(check_password(&password)), None, "{password}");
    }
}

#[test]
fn disallowed_characters_are_refused() {
    for bad in [
        "#", "%", " ", "&", "(", ")", "?", "/", "\\", "\"", "'", ",", ".", ":", ";", "<", ">", "[",
        "]", "{", "}", "|", "é", "ß", "密", "😀", "\t", "\n",
    ] {
        let password = format!("Abcdef1!{bad}");
        let checklist = PasswordChecklist::of(&password);
        assert!(
            !checklist.charset_ok,
            "{password:?} should break the charset rule"
        );
        assert_eq!(
            code_of(check_password(&password)),
            Some(ErrorCode::InvalidPasswordMalformed),
            "{password:?}"
        );
    }
}

#[test]
fn each_missing_class_is_refused_and_named() {
    let cases = [
        ("ABCDEF1!", "a lower-case letter"),
        ("abcdef1!", "an upper-case letter"),
        ("Abcdefg!", "a digit"),
        ("Abcdefg1", "one of `~!@$^*-_=+"),
    ];
    for (password, missing) in cases {
        let violation = check_password(password).unwrap_err();
        assert_eq!(violation.code, ErrorCode::InvalidPasswordMalformed);
        assert_eq!(violation.field, Field::Password);
        assert!(
            violation.message.contains(missing),
            "{password}: {}",
            violation.message
        );
        assert_eq!(PasswordChecklist::of(password).unmet(), vec![missing]);
    }
}

#[test]
fn emoji_counts_as_one_character_for_length() {
    // 7 ASCII + 1 emoji = 8 characters: length is fine, the charset is not.
    let checklist = PasswordChecklist::of("aB3$xyz😀");
    assert!(checklist.length_ok);
    assert!(!checklist.charset_ok);
}

#[test]
fn generated_passwords_always_pass_the_rules() {
    // A deterministic byte stream stands in for the crypto RNG here; the browser tests run
    // the real one.
    let mut state: u32 = 0x1234_5678;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        (state >> 24) as u8
    };
    for _ in 0..1000 {
        let password = generate_password(&mut next);
        assert_eq!(password.chars().count(), PASSWORD_MAX_CHARS);
        assert_eq!(code_of(check_password(&password)), None, "{password}");
    }
}

#[test]
fn generator_survives_a_stream_of_rejected_bytes() {
    // Bytes at the top of the range are rejected (no modulo bias); the generator must keep
    // drawing rather than loop forever or produce a short password.
    let mut bytes = [255u8, 254, 253, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9]
        .into_iter()
        .cycle();
    let password = generate_password(|| bytes.next().unwrap());
    assert_eq!(code_of(check_password(&password)), None, "{password}");
}

// ---- instance name and user data ------------------------------------------------------------

#[test]
fn instance_name_length_boundaries() {
    assert_eq!(
        code_of(check_instance_name("a")),
        Some(ErrorCode::InvalidParameter)
    ); // 1
    assert_eq!(code_of(check_instance_name("ab")), None); // 2
    assert_eq!(code_of(check_instance_name(&"a".repeat(63))), None);
    assert_eq!(
        code_of(check_instance_name(&"a".repeat(64))),
        Some(ErrorCode::InvalidParameter)
    );
    assert_eq!(
        code_of(check_instance_name("")),
        Some(ErrorCode::InvalidParameter)
    );
}

#[test]
fn instance_name_characters() {
    for good in ["web-01", "db.prod.2", "A1", "9lives", "x-.-y"] {
        assert_eq!(code_of(check_instance_name(good)), None, "{good}");
    }
    for bad in [
        "web_01", "web 01", "-web", ".web", "wéb", "web#1", "web😀", "web/1",
    ] {
        let violation = check_instance_name(bad).unwrap_err();
        assert_eq!(violation.code, ErrorCode::InvalidParameter, "{bad}");
        assert_eq!(violation.field, Field::InstanceName);
    }
}

#[test]
fn user_data_byte_limit() {
    assert_eq!(
        code_of(check_user_data(&"x".repeat(USER_DATA_MAX_BYTES))),
        None
    );
    assert_eq!(
        code_of(check_user_data(&"x".repeat(USER_DATA_MAX_BYTES + 1))),
        Some(ErrorCode::InvalidParameterUserDataExceed)
    );
    // Bytes, not characters: 8192 four-byte emoji are exactly 32 KiB, one more is over.
    assert_eq!(code_of(check_user_data(&"😀".repeat(8192))), None);
    assert_eq!(
        code_of(check_user_data(&"😀".repeat(8193))),
        Some(ErrorCode::InvalidParameterUserDataExceed)
    );
}

// ---- login ----------------------------------------------------------------------------------

#[test]
fn password_and_key_are_exclusive() {
    let both = ResetOptions {
        password: Some("Abcdef1!".into()),
        key_id: Some("key-1".into()),
        ..ResetOptions::default()
    };
    let violation = check_login_exclusive(&both).unwrap_err();
    assert_eq!(violation.code, ErrorCode::InvalidLoginSettingConflict);
    assert_eq!(violation.field, Field::Login);
    assert!(check_login_exclusive(&with_password("Abcdef1!")).is_ok());
}

#[test]
fn linux_images_need_exactly_one_login_setting() {
    let neither = ResetOptions::default();
    assert_eq!(
        code_of(check_login_for_image(&neither, &linux())),
        Some(ErrorCode::InvalidLoginSettingConflict)
    );
    assert_eq!(
        code_of(check_login_for_image(&with_password("Abcdef1!"), &linux())),
        None
    );
    let key_only = ResetOptions {
        key_id: Some("key-1".into()),
        ..ResetOptions::default()
    };
    assert_eq!(code_of(check_login_for_image(&key_only, &linux())), None);
}

#[test]
fn windows_and_generic_images_accept_neither_password_nor_key() {
    let windows = image(OsType::Windows, "Windows", "40", ImageStatus::Available);
    let generic = image(OsType::Linux, "Generic", "10", ImageStatus::Available);
    let key_only = ResetOptions {
        key_id: Some("key-1".into()),
        ..ResetOptions::default()
    };
    for img in [&windows, &generic] {
        assert!(!image_accepts_login(img));
        assert_eq!(
            code_of(check_login_for_image(&with_password("Abcdef1!"), img)),
            Some(ErrorCode::InvalidImagePasswordNotSupport)
        );
        assert_eq!(
            code_of(check_login_for_image(&key_only, img)),
            Some(ErrorCode::InvalidImageKeyPairNotSupport)
        );
        assert_eq!(
            code_of(check_login_for_image(&ResetOptions::default(), img)),
            None
        );
    }
}

#[test]
fn key_pair_types() {
    for supported in [
        "ssh-ed25519 AAAAC3Nza",
        "ssh-rsa AAAAB3Nza",
        "ecdsa-sha2-nistp256 AAAAE2",
    ] {
        assert_eq!(
            code_of(check_key_pair(&key(supported))),
            None,
            "{supported}"
        );
    }
    for refused in ["ssh-dss AAAAB3NzaC1kc3", "", "garbage"] {
        assert_eq!(
            code_of(check_key_pair(&key(refused))),
            Some(ErrorCode::InvalidKeyPairNotSupport),
            "{refused}"
        );
    }
}

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
        (violation.field, violation.code),
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
        .map(|v| v.code)
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
        check_reset(&options, &context).unwrap_err().code,
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
            .code,
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
        .map(|v| v.code)
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

// ---- request shape --------------------------------------------------------------------------

#[test]
fn instance_id_lists() {
    let ids = |n: usize| (0..n).map(|i| format!("ins-{i}")).collect::<Vec<_>>();
    assert_eq!(
        code_of(check_instance_ids(&ids(0), true)),
        Some(ErrorCode::MissingParameter)
    );
    assert_eq!(code_of(check_instance_ids(&ids(0), false)), None);
    assert_eq!(code_of(check_instance_ids(&ids(100), true)), None);
    assert_eq!(
        code_of(check_instance_ids(&ids(101), false)),
        Some(ErrorCode::InvalidParameter)
    );
    assert_eq!(
        code_of(check_instance_ids(&["".into()], false)),
        Some(ErrorCode::InvalidParameter)
    );
}

#[test]
fn paging_limits() {
    assert_eq!(check_paging(None, None), Ok((DEFAULT_PAGE_SIZE, 1)));
    assert_eq!(check_paging(Some(1000), Some(3)), Ok((1000, 3)));
    assert!(check_paging(Some(1001), None).is_err());
    assert!(check_paging(Some(0), None).is_err());
    assert!(check_paging(None, Some(0)).is_err());
}

#[test]
fn generated_passwords_avoid_look_alikes_and_the_backtick() {
    let mut state = 7u32;
    let mut next = move || {
        state = state.wrapping_mul(1_103_515_245).wrapping_add(12_345);
        (state >> 16) as u8
    };
    let mut seen = std::collections::HashSet::new();
    for _ in 0..2000 {
        let password = generate_password(&mut next);
        assert!(check_password(&password).is_ok(), "{password}");
        assert!(
            !password.contains(|c| GENERATOR_EXCLUDES.contains(c)),
            "{password}"
        );
        seen.extend(password.chars());
    }
    // Every other allowed character is used: the alphabet was not cut further.
    assert_eq!(
        seen.len(),
        26 + 26 + 10 + PASSWORD_SPECIALS.len() - GENERATOR_EXCLUDES.len()
    );
    assert!(
        check_password("Abcdef1`").is_ok(),
        "a typed backtick is still accepted"
    );
}

#[test]
fn password_messages_name_the_refused_characters() {
    let message = check_password("Abcdef1#").unwrap_err().message;
    assert!(message.starts_with("“#” is not allowed."), "{message}");
    let message = check_password("Ab cd#1!#").unwrap_err().message;
    assert!(
        message.starts_with("A space, “#” are not allowed."),
        "{message}"
    );
    let message = check_password("abcdefgh").unwrap_err().message;
    assert!(!message.contains("not allowed"), "{message}");
}

#[test]
fn time_zones_match_in_any_case_and_give_the_listed_spelling() {
    let known = vec!["UTC".to_owned(), "Europe/Berlin".to_owned()];
    assert_eq!(
        canonical_timezone(" europe/berlin ", &known),
        Some("Europe/Berlin")
    );
    assert_eq!(canonical_timezone("utc", &known), Some("UTC"));
    assert_eq!(canonical_timezone("Europe/Paris", &known), None);
}

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
    assert_eq!(violation.code, ErrorCode::ResourceProtected);
    assert_eq!(violation.code.http_status(), 403);
    assert_eq!(violation.field, Field::Instance);
    assert!(violation.message.contains("ins-a"), "{}", violation.message);
    assert!(
        violation
            .message
            .contains("ins-b is protected by its tag zec-reinstall:protected=true"),
        "{}",
        violation.message
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
            parse_tag(bad).map_err(|v| v.code),
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
        let refusal = check_snapshot_name(bad).unwrap_err();
        assert_eq!(refusal.code, ErrorCode::InvalidParameter, "{bad}");
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
    assert_eq!(too_soon.code, ErrorCode::InvalidParameter);
    assert!(
        too_soon.message.contains("24 hours"),
        "{}",
        too_soon.message
    );
    assert!(check_retention_time("2020-01-01T00:00:00Z", now).is_err());
    for malformed in [
        "2023-11-20",
        "2023-11-20T00:00:00",
        "2023-11-20T00:00:00+01:00",
    ] {
        let refusal = check_retention_time(malformed, now).unwrap_err();
        assert!(
            refusal.message.contains("yyyy-MM-ddTHH:mm:ssZ"),
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
        check_create_snapshot(&no_disk, 0).unwrap_err().code,
        ErrorCode::MissingParameter
    );
    let soon = CreateSnapshotRequest {
        retention_time: Some("1970-01-01T01:00:00Z".into()),
        ..create
    };
    assert_eq!(
        check_create_snapshot(&soon, 0).unwrap_err().code,
        ErrorCode::InvalidParameter
    );
    let apply = ApplySnapshotRequest {
        snapshot_id: "snap-1".into(),
        disk_id: String::new(),
    };
    assert_eq!(
        check_apply_snapshot_request(&apply).unwrap_err().message,
        "diskId is required."
    );
    assert_eq!(
        check_snapshot_ids(&[], true).unwrap_err().code,
        ErrorCode::MissingParameter
    );
    let many: Vec<String> = (0..101).map(|i| format!("snap-{i}")).collect();
    assert_eq!(
        check_snapshot_ids(&many, true).unwrap_err().code,
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
    let code = |result: Result<(), zec_api::Refusal>| result.unwrap_err().code;
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
