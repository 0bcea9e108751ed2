//! The shape of a request (ids, paging) and the rules' sentences (natively and in Chromium).

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

mod support;

use support::*;
use zec_api::rules::*;
use zec_api::ErrorCode;

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
    let message = check_password("Abcdef1#").unwrap_err().to_string();
    assert!(message.starts_with("“#” is not allowed."), "{message}");
    let message = check_password("Ab cd#1!#").unwrap_err().to_string();
    assert!(
        message.starts_with("A space, “#” are not allowed."),
        "{message}"
    );
    let message = check_password("abcdefgh").unwrap_err().to_string();
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

// ---- one type for a broken rule, its sentence written apart -------------------------------

#[test]
fn a_violation_carries_its_values_and_the_sentence_is_written_from_them() {
    let violation = check_snapshot_name("-ab").unwrap_err();
    assert_eq!(
        violation,
        Violation::NameEnds {
            named: Named::Snapshot
        }
    );
    assert_eq!(violation.field(), Field::SnapshotName);
    let too_long = check_instance_name(&"a".repeat(64)).unwrap_err();
    assert_eq!(
        too_long,
        Violation::NameLength {
            named: Named::Instance,
            chars: 64
        }
    );
    assert_eq!(
        zec_api::english::sentence(&too_long),
        "The instance name must be 2–63 characters long (it has 64)."
    );
    assert_eq!(too_long.to_string(), zec_api::english::sentence(&too_long));
    let refusal = zec_api::Refusal::from(too_long.clone());
    assert_eq!(
        (refusal.code, refusal.message),
        (too_long.code(), too_long.to_string())
    );
    let missing = check_present("diskId", " ").unwrap_err();
    assert_eq!(
        (missing.code(), missing.field()),
        (ErrorCode::MissingParameter, Field::Request)
    );
    assert_eq!(
        check_instance_ids(&[], true).unwrap_err().field(),
        Field::Instance
    );
}

#[test]
fn the_forms_wording_of_the_rules_comes_from_the_rules_constants() {
    use zec_api::english::{name_hint, password_checklist_item};
    let items: Vec<String> = PasswordRule::ALL
        .into_iter()
        .map(password_checklist_item)
        .collect();
    assert_eq!(
        items,
        [
            "8–16 characters",
            "Only letters, digits and `~!@$^*-_=+",
            "A lower-case letter",
            "An upper-case letter",
            "A digit",
            "A special character: `~!@$^*-_=+"
        ]
    );
    assert!(items[0].contains(&format!("{PASSWORD_MIN_CHARS}–{PASSWORD_MAX_CHARS}")));
    assert!(items[1].ends_with(PASSWORD_SPECIALS));
    assert_eq!(
        name_hint(Named::Instance),
        "2–63 letters, digits, hyphens (-) and periods (.), starting with a letter or digit."
    );
    assert!(name_hint(Named::Snapshot).contains("ending"));
    // The catalogue's plain message states the same rule.
    let catalogue = ErrorCode::InvalidPasswordMalformed.message();
    assert!(catalogue.contains(&format!("{PASSWORD_MIN_CHARS}–{PASSWORD_MAX_CHARS}")));
    assert!(catalogue.contains(PASSWORD_SPECIALS));
    let kib = format!("{} KiB", USER_DATA_MAX_BYTES / 1024);
    assert!(ErrorCode::InvalidParameterUserDataExceed
        .message()
        .contains(&kib));
}
