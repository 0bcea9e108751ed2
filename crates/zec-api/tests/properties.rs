//! Property tests: generated valid requests pass; one mutation fails with the expected code.
#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;
use zec_api::rules::*;
use zec_api::wire::ResetOptions;
use zec_api::ErrorCode;

const LOWER: &str = "abcdefghijklmnopqrstuvwxyz";
const UPPER: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
const DIGITS: &str = "0123456789";

fn pick(set: &'static str) -> impl Strategy<Value = char> {
    proptest::sample::select(set.chars().collect::<Vec<_>>())
}

fn allowed() -> impl Strategy<Value = char> {
    let all: Vec<char> = [LOWER, UPPER, DIGITS, PASSWORD_SPECIALS]
        .concat()
        .chars()
        .collect();
    proptest::sample::select(all)
}

/// A valid password: one of each class, 4–12 more allowed characters, shuffled.
fn valid_password() -> impl Strategy<Value = String> {
    (
        pick(LOWER),
        pick(UPPER),
        pick(DIGITS),
        pick(PASSWORD_SPECIALS),
        prop::collection::vec(allowed(), 4..=12),
    )
        .prop_flat_map(|(l, u, d, s, rest)| {
            let mut chars = vec![l, u, d, s];
            chars.extend(rest);
            Just(chars).prop_shuffle()
        })
        .prop_map(|chars| chars.into_iter().collect())
}

fn valid_name() -> impl Strategy<Value = String> {
    "[a-zA-Z0-9][a-zA-Z0-9.-]{1,62}"
}

fn valid_options() -> impl Strategy<Value = ResetOptions> {
    (valid_password(), valid_name(), "[ -~]{0,200}").prop_map(|(password, name, user_data)| {
        ResetOptions {
            password: Some(password),
            instance_name: Some(name),
            user_data: Some(user_data),
            ..ResetOptions::default()
        }
    })
}

fn first_code(options: &ResetOptions) -> Option<ErrorCode> {
    check_reset(options, &ResetContext::default())
        .err()
        .map(|v| v.code())
}

proptest! {
    #[test]
    fn valid_requests_pass(options in valid_options()) {
        prop_assert_eq!(first_code(&options), None);
    }

    #[test]
    fn a_disallowed_character_in_the_password_fails(
        options in valid_options(),
        bad in prop::sample::select(vec!['#', '%', ' ', '&', '?', '/', 'é', '中', '😀', '"', '.', ',']),
        at in 0usize..16,
    ) {
        let mut options = options;
        let mut chars: Vec<char> = options.password.take().unwrap().chars().collect();
        let at = at % chars.len();
        chars[at] = bad;
        options.password = Some(chars.into_iter().collect());
        prop_assert_eq!(first_code(&options), Some(ErrorCode::InvalidPasswordMalformed));
    }

    #[test]
    fn a_password_out_of_length_fails(options in valid_options(), extra in 1usize..10, cut in 1usize..8) {
        let password = options.password.clone().unwrap();
        let long = ResetOptions { password: Some(format!("{password}{}", "a".repeat(16 - password.len() + extra))), ..options.clone() };
        prop_assert_eq!(first_code(&long), Some(ErrorCode::InvalidPasswordMalformed));
        let keep = password.len().min(8) - cut.min(password.len().min(8));
        let short = ResetOptions { password: Some(password.chars().take(keep).collect()), ..options };
        prop_assert_eq!(first_code(&short), Some(ErrorCode::InvalidPasswordMalformed));
    }

    #[test]
    fn adding_a_key_to_a_password_conflicts(options in valid_options(), key in "key-[a-zA-Z0-9]{8}") {
        let options = ResetOptions { key_id: Some(key), ..options };
        prop_assert_eq!(first_code(&options), Some(ErrorCode::InvalidLoginSettingConflict));
    }

    #[test]
    fn a_bad_instance_name_fails(options in valid_options(), bad in "([-.][a-z]{2,10}|[a-z]|[a-z]{2,5}[_ #/][a-z]{1,5}|[a-z]{64,70})") {
        let options = ResetOptions { instance_name: Some(bad), ..options };
        prop_assert_eq!(first_code(&options), Some(ErrorCode::InvalidParameter));
    }

    #[test]
    fn oversized_user_data_fails(options in valid_options(), over in 1usize..4096) {
        let options = ResetOptions { user_data: Some("u".repeat(USER_DATA_MAX_BYTES + over)), ..options };
        prop_assert_eq!(first_code(&options), Some(ErrorCode::InvalidParameterUserDataExceed));
    }

    #[test]
    fn generated_passwords_pass_for_any_byte_stream(seed in prop::collection::vec(any::<u8>(), 64..256)) {
        let mut bytes = seed.into_iter().cycle();
        let password = generate_password(|| bytes.next().unwrap());
        prop_assert!(check_password(&password).is_ok(), "{}", password);
    }
}
