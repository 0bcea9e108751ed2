//! The rules of ResetInstance's fields: password, names, user data, login, key pairs. These
//! same tests run natively (`cargo test`) and compiled to wasm inside Chromium
//! (`wasm-pack test --headless --chrome crates/zec-api`), which proves the browser runs the
//! very same rules as the servers.

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

mod support;

use support::*;
use zec_api::rules::*;
use zec_api::wire::ResetOptions;
use zec_api::{ErrorCode, ImageStatus, OsType};

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
        assert_eq!(violation.code(), ErrorCode::InvalidPasswordMalformed);
        assert_eq!(violation.field(), Field::Password);
        assert!(
            violation.to_string().contains(missing),
            "{password}: {violation}"
        );
        let unmet: Vec<String> = PasswordChecklist::of(password)
            .unmet()
            .into_iter()
            .map(zec_api::english::password_needs)
            .collect();
        assert_eq!(unmet, vec![missing]);
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
        assert_eq!(violation.code(), ErrorCode::InvalidParameter, "{bad}");
        assert_eq!(violation.field(), Field::InstanceName);
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
    assert_eq!(violation.code(), ErrorCode::InvalidLoginSettingConflict);
    assert_eq!(violation.field(), Field::Login);
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
