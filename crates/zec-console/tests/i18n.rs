//! The catalogues: every locale has exactly the messages English has, in the same order and
//! with the same placeholders, and an explanation for every error code; the rendering of
//! templates, plurals and the contract's rules.

use std::fmt;

use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};
use zec_api::rules::{IdList, Named, Operation, PasswordRule, ProtectedBy, TagPart};
use zec_api::{ErrorCode, ImageStatus, InstanceStatus, OsType, SnapshotStatus, Violation};
use zec_console::i18n::{self, msg, placeholders, Catalogue, Id, Locale};

/// A JSON object's entries in the file's order.
struct Ordered(Vec<(String, String)>);

impl<'de> Deserialize<'de> for Ordered {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Entries;
        impl<'de> Visitor<'de> for Entries {
            type Value = Ordered;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an object of strings")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Ordered, A::Error> {
                let mut entries = Vec::new();
                while let Some(entry) = map.next_entry()? {
                    entries.push(entry);
                }
                Ok(Ordered(entries))
            }
        }
        deserializer.deserialize_map(Entries)
    }
}

#[derive(serde::Deserialize)]
struct File {
    messages: Ordered,
    codes: Ordered,
}

fn zh_cn() -> File {
    serde_json::from_str(include_str!("../../../locales/zh-CN.json")).expect("zh-CN.json parses")
}

#[test]
fn zh_cn_has_every_message_in_order_with_the_same_placeholders() {
    let file = zh_cn();
    let ids: Vec<&str> = file.messages.0.iter().map(|(id, _)| id.as_str()).collect();
    assert_eq!(
        ids,
        Id::NAMES,
        "zh-CN.json: the ids of messages.rs, in its order"
    );
    for ((id, zh), en) in file
        .messages
        .0
        .iter()
        .zip(Id::ALL.iter().map(|id| id.english()))
    {
        assert_eq!(
            placeholders(zh),
            placeholders(en),
            "{id}: the same placeholders in both"
        );
        // Only a message that is all space in English (a gap between sentences) may be
        // empty: Chinese needs no space there.
        assert!(
            !zh.trim().is_empty() || en.trim().is_empty(),
            "{id} is empty"
        );
    }
}

#[test]
fn zh_cn_explains_every_error_code() {
    let file = zh_cn();
    let mut codes: Vec<&str> = file.codes.0.iter().map(|(code, _)| code.as_str()).collect();
    let mut known: Vec<&str> = ErrorCode::ALL.iter().map(ErrorCode::as_str).collect();
    codes.sort_unstable();
    known.sort_unstable();
    assert_eq!(codes, known);
}

#[test]
fn chinese_sentences_use_full_width_punctuation() {
    for (id, zh) in zh_cn().messages.0.iter().chain(zh_cn().codes.0.iter()) {
        // Code and formats stay as they are; a Chinese sentence ends with 。 and uses ，：（）.
        // Code the sentence quotes keeps its own punctuation.
        let code = ["Content-Type: application/json", "packages:", "runcmd:"];
        let prose = code
            .iter()
            .fold(zh.clone(), |prose, code| prose.replace(code, "CODE"));
        for (ascii, full) in [(", ", "，"), (": ", "："), ("(", "（"), (")", "）")] {
            assert!(
                !prose.contains(ascii),
                "{id}: “{ascii}” in a Chinese sentence, write “{full}”: {zh}"
            );
        }
    }
}

fn with_zh_cn<T>(run: impl FnOnce() -> T) -> T {
    let file = zh_cn();
    let catalogue = Catalogue {
        texts: file.messages.0.into_iter().map(|(_, text)| text).collect(),
        codes: file.codes.0,
    };
    i18n::set_catalogue(Locale::ZhCn, Some(catalogue)).expect("the catalogue fits");
    let result = run();
    i18n::set_catalogue(Locale::En, None).unwrap();
    result
}

#[test]
fn a_catalogue_of_another_release_is_refused() {
    let short = Catalogue {
        texts: vec!["x".to_owned()],
        ..Catalogue::default()
    };
    assert_eq!(i18n::set_catalogue(Locale::ZhCn, Some(short)), Err(1));
    assert_eq!(i18n::locale(), Locale::En);
}

#[test]
fn plurals_follow_english_and_chinese_has_none() {
    let two = msg::PageOf {
        page: 1,
        pages: 3,
        count: 2,
    };
    let one = msg::PageOf {
        page: 1,
        pages: 1,
        count: 1,
    };
    assert_eq!(i18n::text(one.clone()), "Page 1 of 1 (1 instance)");
    assert_eq!(i18n::text(two.clone()), "Page 1 of 3 (2 instances)");
    with_zh_cn(|| {
        assert_eq!(i18n::text(one), "第 1/1 页（共 1 个实例）");
        assert_eq!(i18n::text(two), "第 1/3 页（共 2 个实例）");
    });
}

fn violations() -> Vec<Violation> {
    use Violation::*;
    vec![
        Password {
            refused: vec!['#'],
            unmet: vec![PasswordRule::Digit, PasswordRule::Special],
        },
        Password {
            refused: vec![' ', '\u{7}', '#'],
            unmet: vec![PasswordRule::Length, PasswordRule::Characters],
        },
        NameLength {
            named: Named::Snapshot,
            chars: 70,
        },
        NameCharacters {
            named: Named::Instance,
        },
        NameEnds {
            named: Named::Instance,
        },
        NameEnds {
            named: Named::Snapshot,
        },
        UserDataTooLong { bytes: 40_000 },
        LoginConflict,
        LoginMissing,
        ImageTakesNoPassword,
        AgentNotSupported,
        UnknownTimezone {
            timezone: "Mars/Base".into(),
        },
        NotStopped {
            status: InstanceStatus::Running,
            to: Operation::Reinstall,
        },
        NotStopped {
            status: InstanceStatus::Running,
            to: Operation::Rollback,
        },
        ImageNotAvailable {
            status: ImageStatus::Unknown("CREATING".into()),
        },
        OsTypeChanges {
            image: OsType::Windows,
            current: OsType::Linux,
        },
        ImageTooLarge {
            needed_gib: "40".into(),
            disk_gib: 20,
        },
        Missing {
            parameter: "instanceId",
        },
        TooManyIds {
            list: IdList::Instances,
            count: 120,
        },
        EmptyId(IdList::Snapshots),
        PageSize,
        PageNum,
        TagLength {
            part: TagPart::Value,
            chars: 0,
        },
        TagSyntax,
        Protected(vec![
            ("i-1".into(), ProtectedBy::List),
            (
                "i-2".into(),
                ProtectedBy::Tag(zec_api::wire::Tag {
                    key: "keep".into(),
                    value: "yes".into(),
                }),
            ),
        ]),
        RetentionSyntax,
        RetentionTooSoon {
            earliest: 1_800_000_000,
        },
        SnapshotOfAnotherDisk {
            snapshot_id: "snap-1".into(),
            snapshot_disk: "disk-1".into(),
            disk: "disk-2".into(),
        },
        SnapshotNotAvailable {
            snapshot_id: "snap-1".into(),
            status: SnapshotStatus::Creating,
        },
    ]
}

#[test]
fn in_english_the_browser_says_what_the_servers_say() {
    for violation in violations() {
        assert_eq!(i18n::violation(&violation), violation.to_string());
    }
}

#[test]
fn in_chinese_every_rule_is_a_chinese_sentence_with_its_values() {
    with_zh_cn(|| {
        let sentences: Vec<String> = violations().iter().map(i18n::violation).collect();
        for sentence in &sentences {
            assert!(
                sentence.ends_with('。'),
                "a Chinese sentence ends with 。: {sentence}"
            );
            assert!(!sentence.contains("The "), "English left: {sentence}");
        }
        assert_eq!(
            sentences[0],
            "不允许使用“#”。密码尚未满足：一个数字；`~!@$^*-_=+ 中的一个字符。"
        );
        assert!(sentences[2].contains("（当前 70 个）"), "{}", sentences[2]);
    });
}

#[test]
fn the_locale_follows_the_first_preference_we_speak() {
    assert_eq!(Locale::choose(["fr-FR", "zh-CN", "en"]), Locale::ZhCn);
    assert_eq!(Locale::choose(["zh-Hans-CN"]), Locale::ZhCn);
    assert_eq!(Locale::choose(["zh-TW", "en-GB"]), Locale::En);
    assert_eq!(Locale::choose(["de"]), Locale::En);
    assert_eq!(Locale::from_tag("ZH_cn"), Some(Locale::ZhCn));
}
