//! The history as a CSV file: every page read in turn, then the rows, quoted where needed.

use zec_api::activity::{ActivityEntry, ActivityPage, InstanceActivity};
use zec_api::ErrorCode;
use zec_console::activity::csv::{
    self, defuse, escape, file_name, Export, Step, COLUMNS, EXPORT_MAX_ENTRIES, EXPORT_PAGE_GAP_MS,
    EXPORT_RETRIES,
};
use zec_console::ApiError;

use crate::activity_text::{ended, reinstall};

/// Parses RFC 4180 text back into rows, to check the file as a spreadsheet reads it.
fn parse(text: &str) -> Vec<Vec<String>> {
    let (mut rows, mut row, mut cell) = (vec![], vec![], String::new());
    let mut chars = text.chars().peekable();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                cell.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => cell.push(c),
            (false, '"') => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut cell)),
            (false, '\r') => {
                assert_eq!(chars.next(), Some('\n'), "CRLF line ends");
                row.push(std::mem::take(&mut cell));
                rows.push(std::mem::take(&mut row));
            }
            (false, c) => cell.push(c),
        }
    }
    assert!(cell.is_empty() && row.is_empty(), "the file ends with CRLF");
    rows
}

fn column(name: &str) -> usize {
    COLUMNS.iter().position(|c| *c == name).unwrap()
}

#[test]
fn the_file_has_a_header_and_one_row_per_call_that_reads_back_the_same() {
    let mut tricky = ended("RUNNING", 130_250);
    tricky.actor = "O'Brien, \"ops\"".into();
    tricky.plan.instance_name = Some("line one\nline two".into());
    let entries = vec![tricky, reinstall()];
    let text = csv::csv(&entries);
    assert!(
        text.starts_with('\u{feff}'),
        "a byte-order mark for spreadsheets"
    );
    let rows = parse(&text['\u{feff}'.len_utf8()..]);
    assert_eq!(rows.len(), 3);
    assert_eq!(rows[0], COLUMNS);
    assert!(rows.iter().all(|row| row.len() == COLUMNS.len()));
    let done = &rows[1];
    assert_eq!(done[column("actor")], "O'Brien, \"ops\"");
    assert_eq!(done[column("instance_name")], "line one\nline two");
    assert_eq!(done[column("started_at_utc")], "2026-11-28T23:57:11Z");
    assert_eq!(done[column("ended_at_utc")], "2026-11-28T23:59:21Z");
    assert_eq!(done[column("duration_s")], "130.250");
    assert_eq!(done[column("image_before")], "Ubuntu 22.04 LTS");
    assert_eq!(done[column("image_after")], "Debian 12");
    assert_eq!(done[column("final_state")], "RUNNING");
    assert_eq!(done[column("outcome")], "accepted");
    assert_eq!(done[column("request_id")], "req-61592050");
    assert_eq!(done[column("login")], "password");
    assert_eq!(done[column("qga")], "false");
    assert_eq!(done[column("answer_lost")], "false");
    let open = &rows[2];
    assert_eq!(open[column("ended_at_utc")], "");
    assert_eq!(open[column("final_state")], "");
}

#[test]
fn several_instances_are_listed_in_the_same_order_in_every_list_column() {
    let mut entry: ActivityEntry = ended("MIXED", 40_000);
    entry.action = "ResetInstances".into();
    entry.instances[0].final_state = Some("RUNNING".into());
    entry.instances.push(InstanceActivity {
        instance_id: "ins-cache-01".into(),
        image_name_before: Some("AlmaLinux 9.4".into()),
        image_name_after: Some("Debian 12".into()),
        final_state: Some("REINSTALL_FAILED".into()),
        ..InstanceActivity::default()
    });
    let rows = parse(&csv::csv(&[entry])['\u{feff}'.len_utf8()..]);
    assert_eq!(rows[1][column("instance_ids")], "ins-web-01; ins-cache-01");
    assert_eq!(
        rows[1][column("image_before")],
        "Ubuntu 22.04 LTS; AlmaLinux 9.4"
    );
    assert_eq!(
        rows[1][column("instance_final_states")],
        "RUNNING; REINSTALL_FAILED"
    );
}

#[test]
fn cells_are_quoted_only_when_needed_and_formulas_are_defused() {
    assert_eq!(escape("plain"), "plain");
    assert_eq!(escape("a,b"), "\"a,b\"");
    assert_eq!(escape("say \"hi\""), "\"say \"\"hi\"\"\"");
    assert_eq!(escape("two\r\nlines"), "\"two\r\nlines\"");
    assert_eq!(defuse("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
    for start in ["+", "-", "@", "\t", "\r"] {
        assert!(defuse(&format!("{start}1")).starts_with('\''), "{start:?}");
    }
    assert_eq!(defuse("alice"), "alice");
    let mut entry = reinstall();
    entry.actor = "=cmd|' /C calc'!A0".into();
    let row = csv::row(&entry);
    assert_eq!(row[column("actor")], "'=cmd|' /C calc'!A0");
}

#[test]
fn the_file_name_has_the_scope_and_the_date() {
    assert_eq!(file_name(None, "2026-11-28"), "zec-activity-2026-11-28.csv");
    assert_eq!(
        file_name(Some("ins-web-01"), "2026-11-28"),
        "zec-activity-ins-web-01-2026-11-28.csv"
    );
}

fn page_of(n: usize, first_id: usize, more: bool) -> ActivityPage {
    ActivityPage {
        entries: (0..n)
            .map(|i| {
                let mut entry = reinstall();
                entry.id = (first_id + i).to_string();
                entry
            })
            .collect(),
        next_cursor: more.then(|| format!("c{}", first_id + n)),
    }
}

#[test]
fn every_page_is_read_in_turn_with_a_pause_between_pages() {
    let (mut export, step) = Export::start();
    assert_eq!(
        step,
        Step::Read {
            cursor: None,
            delay_ms: 0
        }
    );
    let step = export.page(Ok(page_of(200, 0, true)));
    assert_eq!(
        step,
        Step::Read {
            cursor: Some("c200".into()),
            delay_ms: EXPORT_PAGE_GAP_MS
        }
    );
    assert_eq!(export.page(Ok(page_of(5, 200, false))), Step::Done);
    assert_eq!(export.len(), 205);
    assert!(!export.capped());
    let rows = parse(&export.csv()['\u{feff}'.len_utf8()..]);
    assert_eq!(rows.len(), 206);
    assert_eq!(rows[206 - 1][column("entry_id")], "204");
}

#[test]
fn a_busy_proxy_is_asked_again_a_few_times_then_the_export_fails() {
    let busy = ApiError::Refused {
        status: 429,
        code: ErrorCode::TooManyRequests,
        message: String::new(),
        request_id: "r".into(),
    };
    let (mut export, _) = Export::start();
    export.page(Ok(page_of(3, 0, true)));
    for _ in 0..EXPORT_RETRIES {
        assert_eq!(
            export.page(Err(busy.clone())),
            Step::Read {
                cursor: Some("c3".into()),
                delay_ms: 1_000
            },
            "the same page again"
        );
    }
    assert_eq!(export.page(Err(busy.clone())), Step::Failed(busy));
    // Any other refusal fails at once.
    let (mut export, _) = Export::start();
    let denied = ApiError::Refused {
        status: 403,
        code: ErrorCode::ResourceNotAllowed,
        message: String::new(),
        request_id: "r".into(),
    };
    assert_eq!(export.page(Err(denied.clone())), Step::Failed(denied));
}

#[test]
fn a_history_past_the_limit_keeps_the_newest_and_says_so() {
    let (mut export, _) = Export::start();
    let mut next = 0;
    loop {
        match export.page(Ok(page_of(200, next, true))) {
            Step::Read { .. } => next += 200,
            Step::Done => break,
            Step::Failed(error) => panic!("{error:?}"),
        }
    }
    assert_eq!(export.len(), EXPORT_MAX_ENTRIES);
    assert!(export.capped());
}
