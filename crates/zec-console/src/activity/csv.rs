//! The history of a scope as a CSV file, built in the browser: every page of the current
//! filter read in turn ([`Export`]), then one row per call (RFC 4180: quoted where needed,
//! CRLF line ends, UTF-8 with a byte-order mark so spreadsheets read names right).
//!
//! Cells that a spreadsheet would run as a formula (text starting with `=`, `+`, `-`, `@`,
//! a tab or a carriage return) get a leading `'`: actors and names come from users.

use zec_api::activity::{ActivityEntry, ActivityPage, MAX_ACTIVITY_PAGE};

use crate::error::ApiError;

/// Entries per page read for a file (the largest the proxy answers).
pub const EXPORT_PAGE: u32 = MAX_ACTIVITY_PAGE;
/// The most entries one file holds (the newest); more would strain the browser's memory.
pub const EXPORT_MAX_ENTRIES: usize = 50_000;
/// The pause between two pages: at most 5 reads a second, half the proxy's fair share per
/// caller, so the console's other calls go on while a long history is read.
pub const EXPORT_PAGE_GAP_MS: u32 = 200;
/// Reads refused for load (429, 503) are tried again this many times, a second apart.
pub const EXPORT_RETRIES: u32 = 3;

/// The columns, in order. Lists (several instances) are joined with "; ", in the same order
/// in every list column.
pub const COLUMNS: [&str; 28] = [
    "started_at_utc",
    "ended_at_utc",
    "duration_s",
    "actor",
    "client",
    "action",
    "instance_ids",
    "image_before",
    "image_after",
    "instance_final_states",
    "outcome",
    "refused_by",
    "code",
    "final_state",
    "request_id",
    "answer_lost",
    "image_id",
    "login",
    "key_pair",
    "instance_name",
    "time_zone",
    "qga",
    "user_data_bytes",
    "force_shutdown",
    "snapshot_id",
    "snapshot_name",
    "retention_time",
    "entry_id",
];

/// What the exporter does next.
#[derive(Clone, Debug, PartialEq)]
pub enum Step {
    /// Read the page after `cursor` (the first page: `None`) once `delay_ms` have passed.
    Read {
        cursor: Option<String>,
        delay_ms: u32,
    },
    /// Every page is in (or the limit reached): write the file.
    Done,
    Failed(ApiError),
}

/// Reading every page of a scope for one file.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Export {
    entries: Vec<ActivityEntry>,
    /// The page being read.
    cursor: Option<String>,
    /// There were more entries than [`EXPORT_MAX_ENTRIES`].
    capped: bool,
    retries: u32,
}

impl Export {
    pub fn start() -> (Export, Step) {
        let step = Step::Read {
            cursor: None,
            delay_ms: 0,
        };
        (Export::default(), step)
    }

    /// The answer to the last `Step::Read`.
    pub fn page(&mut self, result: Result<ActivityPage, ApiError>) -> Step {
        let page = match result {
            Ok(page) => page,
            Err(error) => {
                let busy = matches!(
                    &error,
                    ApiError::Refused {
                        status: 429 | 503,
                        ..
                    }
                );
                if busy && self.retries < EXPORT_RETRIES {
                    self.retries += 1;
                    return Step::Read {
                        cursor: self.cursor.clone(),
                        delay_ms: 1_000,
                    };
                }
                return Step::Failed(error);
            }
        };
        self.retries = 0;
        let room = EXPORT_MAX_ENTRIES - self.entries.len();
        if page.entries.len() > room {
            self.capped = true;
        }
        self.entries.extend(page.entries.into_iter().take(room));
        match page.next_cursor {
            Some(cursor) if self.entries.len() < EXPORT_MAX_ENTRIES => {
                self.cursor = Some(cursor.clone());
                Step::Read {
                    cursor: Some(cursor),
                    delay_ms: EXPORT_PAGE_GAP_MS,
                }
            }
            Some(_) => {
                self.capped = true;
                Step::Done
            }
            None => Step::Done,
        }
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The file holds only the newest [`EXPORT_MAX_ENTRIES`].
    pub fn capped(&self) -> bool {
        self.capped
    }

    pub fn csv(&self) -> String {
        csv(&self.entries)
    }
}

/// The file: a byte-order mark, the header and one row per entry.
pub fn csv(entries: &[ActivityEntry]) -> String {
    let mut out = String::from("\u{feff}");
    out.push_str(&COLUMNS.join(","));
    out.push_str("\r\n");
    for entry in entries {
        out.push_str(&row(entry).join(","));
        out.push_str("\r\n");
    }
    out
}

/// `zec-activity-2026-11-28.csv`, or with the instance: `zec-activity-ins-web-01-2026-11-28.csv`.
pub fn file_name(instance_id: Option<&str>, local_date: &str) -> String {
    match instance_id {
        Some(id) => format!("zec-activity-{id}-{local_date}.csv"),
        None => format!("zec-activity-{local_date}.csv"),
    }
}

/// One entry's cells, each escaped, in [`COLUMNS`] order.
pub fn row(entry: &ActivityEntry) -> Vec<String> {
    let plan = &entry.plan;
    let each = |read: fn(&zec_api::activity::InstanceActivity) -> Option<String>| {
        entry
            .instances
            .iter()
            .map(|i| read(i).unwrap_or_default())
            .collect::<Vec<_>>()
            .join("; ")
    };
    let snapshot_ids = match entry.snapshots.as_slice() {
        [] => plan.snapshot_id.clone(),
        many => Some(
            many.iter()
                .map(|s| s.snapshot_id.as_str())
                .collect::<Vec<_>>()
                .join("; "),
        ),
    };
    let images_before = each(|i| i.image_name_before.clone().or(i.image_id_before.clone()));
    let images_after = each(|i| i.image_name_after.clone().or(i.image_id_after.clone()));
    let utc = |ms: i64| zec_api::time::format_utc(ms.div_euclid(1000));
    let login = plan.login.map(|login| match login {
        zec_api::activity::Login::Password => "password",
        zec_api::activity::Login::KeyPair => "key-pair",
        zec_api::activity::Login::None => "none",
    });
    let flag = |on: bool| if on { "true" } else { "false" };
    let text = |value: Option<&str>| escape(&defuse(value.unwrap_or_default()));
    let number = |value: Option<String>| escape(&value.unwrap_or_default());
    vec![
        number(Some(utc(entry.started_at))),
        number(entry.ended_at.map(utc)),
        number(entry.duration_ms.map(seconds)),
        text(Some(entry.actor.as_str())),
        text(Some(entry.client.as_str())),
        text(Some(entry.action.as_str())),
        text(Some(each(|i| Some(i.instance_id.clone())).as_str())),
        text(Some(images_before.as_str())),
        text(Some(images_after.as_str())),
        text(Some(each(|i| i.final_state.clone()).as_str())),
        text(Some(entry.outcome.as_str())),
        text(entry.refused_by.map(|by| by.as_str())),
        text(entry.code.as_deref()),
        text(entry.final_state.as_deref()),
        text(entry.request_id.as_deref()),
        text(Some(flag(entry.answer_lost))),
        text(plan.image_id.as_deref()),
        text(login),
        text(plan.key_name.as_deref().or(plan.key_id.as_deref())),
        text(plan.instance_name.as_deref()),
        text(plan.timezone.as_deref()),
        text(plan.enable_agent.map(flag)),
        number(plan.user_data_bytes.map(|b| b.to_string())),
        text(plan.force_shutdown.map(flag)),
        text(snapshot_ids.as_deref()),
        text(plan.snapshot_name.as_deref()),
        text(plan.retention_time.as_deref()),
        text(Some(entry.id.as_str())),
    ]
}

/// Milliseconds as seconds with three decimals ("130.250").
fn seconds(ms: i64) -> String {
    let sign = if ms < 0 { "-" } else { "" };
    let ms = ms.unsigned_abs();
    format!("{sign}{}.{:03}", ms / 1000, ms % 1000)
}

/// A text cell a spreadsheet would take for a formula gets a leading `'`.
pub fn defuse(text: &str) -> String {
    match text.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{text}"),
        _ => text.to_owned(),
    }
}

/// RFC 4180: a cell with a comma, a quote or a line break is quoted, its quotes doubled.
pub fn escape(cell: &str) -> String {
    if cell.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", cell.replace('"', "\"\""))
    } else {
        cell.to_owned()
    }
}
