//! Sizes derived from the contract, shared by the servers so that no valid request is ever
//! refused as too large (docs/wire.md, "Request size").

use crate::rules::{MAX_INSTANCE_IDS, USER_DATA_MAX_BYTES};

/// The most bytes JSON may spend on one byte of a string value: a client may write any
/// character as `\uXXXX` (6 bytes for a 1-byte character; a 4-byte character becomes a
/// 12-byte surrogate pair, 3 per byte).
pub const JSON_ESCAPE_MAX_EXPANSION: usize = 6;

/// Room for everything in the largest request besides the user data, escaped: 100 instance
/// ids (even at 64 characters each, fully escaped, that is 38,400 bytes), the password, key,
/// image, name and time zone, the keys and the punctuation.
pub const OTHER_FIELDS_ALLOWANCE: usize = 64 * 1024;

/// The largest body a valid request can have: ResetInstances with the most user data, every
/// character escaped. 6 × 32 KiB + 64 KiB = 256 KiB. A body above it cannot be valid and is
/// refused with PAYLOAD_TOO_LARGE before it is read further.
pub const MAX_REQUEST_BODY_BYTES: usize =
    USER_DATA_MAX_BYTES * JSON_ESCAPE_MAX_EXPANSION + OTHER_FIELDS_ALLOWANCE;

/// The most characters of an `X-ZC-Action` value a server echoes, logs or counts; every
/// real action name is far shorter.
pub const MAX_ACTION_NAME_CHARS: usize = 64;

/// An action name as a server may echo, log or count it: at most [`MAX_ACTION_NAME_CHARS`]
/// characters (then `…`), printable ASCII (anything else becomes `?`).
pub fn bounded_action_name(name: &str) -> String {
    let mut bounded: String = name
        .chars()
        .take(MAX_ACTION_NAME_CHARS)
        .map(|c| if c.is_ascii_graphic() { c } else { '?' })
        .collect();
    if name.chars().count() > MAX_ACTION_NAME_CHARS {
        bounded.push('…');
    }
    bounded
}

const _: () = assert!(MAX_INSTANCE_IDS * 64 * JSON_ESCAPE_MAX_EXPANSION < OTHER_FIELDS_ALLOWANCE);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::{ResetInstancesRequest, ResetOptions};

    /// Writes every character of a JSON string as `\uXXXX`, the longest legal spelling.
    fn escape_all(value: &str) -> String {
        value
            .encode_utf16()
            .map(|unit| format!("\\u{unit:04x}"))
            .collect()
    }

    #[test]
    fn the_largest_valid_request_fits_even_fully_escaped() {
        let ids: Vec<String> = (0..MAX_INSTANCE_IDS).map(|i| format!("{i:064}")).collect();
        let request = ResetInstancesRequest {
            instance_ids: ids,
            options: ResetOptions {
                password: Some("Abcdefgh1!Abcdef".into()),
                image_id: Some("i".repeat(64)),
                timezone: Some("America/Argentina/ComodRivadavia".into()),
                instance_name: Some("n".repeat(63)),
                enable_agent: Some(true),
                user_data: Some("x".repeat(USER_DATA_MAX_BYTES)),
                ..ResetOptions::default()
            },
        };
        let value = serde_json::to_value(&request).unwrap();
        let mut escaped = String::from("{");
        for (i, (key, value)) in value.as_object().unwrap().iter().enumerate() {
            if i > 0 {
                escaped.push(',');
            }
            let value = match value {
                serde_json::Value::String(s) => format!("\"{}\"", escape_all(s)),
                serde_json::Value::Array(items) => format!(
                    "[{}]",
                    items
                        .iter()
                        .map(|item| format!("\"{}\"", escape_all(item.as_str().unwrap())))
                        .collect::<Vec<_>>()
                        .join(",")
                ),
                other => other.to_string(),
            };
            escaped.push_str(&format!("\"{}\":{value}", escape_all(key)));
        }
        escaped.push('}');
        let back: ResetInstancesRequest = serde_json::from_str(&escaped).unwrap();
        assert_eq!(back, request);
        assert!(
            escaped.len() <= MAX_REQUEST_BODY_BYTES,
            "{} > {MAX_REQUEST_BODY_BYTES}",
            escaped.len()
        );
    }

    #[test]
    fn action_names_are_bounded() {
        assert_eq!(bounded_action_name("ResetInstance"), "ResetInstance");
        let bounded = bounded_action_name(&"A".repeat(60_000));
        assert_eq!(bounded.chars().count(), MAX_ACTION_NAME_CHARS + 1);
        assert_eq!(bounded_action_name("Reset\tInstance"), "Reset?Instance");
    }

    #[test]
    fn the_limit_is_named_in_the_catalogue_message() {
        let kib = MAX_REQUEST_BODY_BYTES / 1024;
        assert!(crate::ErrorCode::PayloadTooLarge
            .message()
            .contains(&format!("{kib} KiB")));
    }
}
