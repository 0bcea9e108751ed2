//! Every word the activity views show, in one place: the parts of a [`Summary`], durations,
//! dates and the views' labels. A translation replaces this file; the views build no
//! sentence of their own.

use zec_api::activity::{Login, RefusedBy};

use super::summary::{Change, Detail, Ending, Headline, InstanceLine, Kind};
use crate::error::ApiError;

/// Between the parts of one entry's line.
pub const SEPARATOR: &str = " · ";

/// The list page's heading (each list has a name of its own: two widgets may share a page).
pub const SCOPE_HEADING: &str = "Activity of all instances";
pub const LIST_LABEL: &str = "Activity, newest first";
pub const LOADING: &str = "Loading the activity…";
pub const EMPTY: &str = "Nothing on record yet.";
pub const SHOW_OLDER: &str = "Show older";
pub const LOADING_OLDER: &str = "Loading older entries…";
pub const TRY_AGAIN: &str = "Try again";
pub const DOWNLOAD_CSV: &str = "Download CSV";
pub const CALLS_HEADING: &str = "Activity of these calls";
pub const CALL_NOT_YET: &str = "Not in the history yet.";
pub const REQUEST_ID: &str = "request id";

/// A panel's heading.
pub fn instance_heading(instance_name: &str) -> String {
    format!("Activity of {instance_name}")
}

/// A read of the history failed (the entries already shown stay).
pub fn read_failed(error: &ApiError) -> String {
    format!("The activity could not be read: {}", reason(error))
}

pub fn csv_progress(entries: usize) -> String {
    format!("Preparing CSV… {entries} entries")
}

pub fn csv_failed(error: &ApiError) -> String {
    format!("The CSV could not be prepared: {}", reason(error))
}

fn reason(error: &ApiError) -> String {
    match error {
        ApiError::Refused { code, .. } => format!("{code}: {}", error.message()),
        ApiError::Transport { detail, .. } => format!("no answer ({detail})."),
    }
}

/// The export stopped at its limit: the file holds the newest entries only.
pub fn csv_capped(entries: usize) -> String {
    format!("The file holds the newest {entries} entries only.")
}

/// Leads from a fleet's call to its entry.
pub fn call_link(number: usize) -> String {
    format!("Activity of call {number}")
}

/// "Call 2 (100 instances)": one ResetInstances call of a fleet.
pub fn call(number: usize, instances: usize) -> String {
    format!(
        "Call {number} ({})",
        count(instances, "instance", "instances")
    )
}

pub fn headline(headline: &Headline) -> String {
    let Headline {
        kind,
        succeeded,
        actor,
        instances,
    } = headline;
    let many = *instances > 1;
    let what = match (kind, succeeded, many) {
        (Kind::Reinstall, true, false) => "Reinstalled".to_owned(),
        (Kind::Reinstall, false, false) => "Reinstall".to_owned(),
        (Kind::Reinstall, true, true) => format!("{instances} instances reinstalled"),
        (Kind::Reinstall, false, true) => format!("Reinstall of {instances} instances"),
        (Kind::PowerOff, true, false) => "Powered off".to_owned(),
        (Kind::PowerOff, false, false) => "Power-off".to_owned(),
        (Kind::PowerOff, true, true) => format!("{instances} instances powered off"),
        (Kind::PowerOff, false, true) => format!("Power-off of {instances} instances"),
        (Kind::PowerOn, true, false) => "Powered on".to_owned(),
        (Kind::PowerOn, false, false) => "Power-on".to_owned(),
        (Kind::PowerOn, true, true) => format!("{instances} instances powered on"),
        (Kind::PowerOn, false, true) => format!("Power-on of {instances} instances"),
        (Kind::Snapshot, true, _) => "Snapshot taken".to_owned(),
        (Kind::Snapshot, false, _) => "Snapshot".to_owned(),
        (Kind::Rollback, true, _) => "Rolled back".to_owned(),
        (Kind::Rollback, false, _) => "Rollback".to_owned(),
        (Kind::DeleteSnapshots, true, _) => "Snapshot deleted".to_owned(),
        (Kind::DeleteSnapshots, false, _) => "Snapshot deletion".to_owned(),
        (Kind::Other(action), _, _) => action.clone(),
    };
    format!("{what} by {actor}")
}

pub fn change(change: &Change) -> String {
    match change {
        Change::Image {
            before: Some(before),
            after: None,
        } => format!("{before} again"),
        Change::Image {
            before: Some(before),
            after: Some(after),
        } if before == after => format!("{after} again"),
        Change::Image {
            before: Some(before),
            after: Some(after),
        } => format!("{before} → {after}"),
        Change::Image {
            before: None,
            after: Some(after),
        } => format!("→ {after}"),
        Change::Image {
            before: None,
            after: None,
        } => "the current image again".to_owned(),
        Change::Snapshot(snapshot) => format!("snapshot {snapshot}"),
        Change::Snapshots(n) => count(*n, "snapshot", "snapshots"),
        Change::Forced => "forced".to_owned(),
    }
}

pub fn ending(ending: &Ending) -> String {
    let after = |state: &str, after_ms: &Option<i64>| match after_ms {
        Some(ms) => format!("{state} after {}", duration(*ms)),
        None => state.to_owned(),
    };
    match ending {
        Ending::Sent => "Sent, no answer yet".to_owned(),
        Ending::InProgress => "In progress".to_owned(),
        Ending::Asking => "Answer lost: the proxy is asking the API".to_owned(),
        Ending::Refused { by, code } => format!("Refused by {}: {code}", refuser(*by)),
        Ending::NotStarted => "Did not start".to_owned(),
        Ending::Reached { state, after_ms } => after(state, after_ms),
        Ending::Mixed { after_ms } => format!("{}: see each instance", after("MIXED", after_ms)),
        Ending::TimedOut => "No end state within the follow-up's limit".to_owned(),
        Ending::Unresolved => {
            "Unresolved: the API could not be asked what happened; check by hand".to_owned()
        }
        Ending::Gone => "The API no longer lists it".to_owned(),
    }
}

fn refuser(by: RefusedBy) -> &'static str {
    match by {
        RefusedBy::Proxy => "the proxy",
        RefusedBy::Api => "the API",
    }
}

/// `offset_minutes` gives the viewer's time zone at an instant (for a snapshot's end).
pub fn detail(detail: &Detail, offset_minutes: impl Fn(i64) -> i32) -> String {
    match detail {
        Detail::Login(Login::Password) => "password login".to_owned(),
        Detail::Login(Login::KeyPair) => "key pair login".to_owned(),
        Detail::Login(Login::None) => "no login setting".to_owned(),
        Detail::KeyPair(key) => format!("key pair {key}"),
        Detail::InstanceName(name) => format!("name {name}"),
        Detail::TimeZone(zone) => format!("time zone {zone}"),
        Detail::Agent(true) => "QGA on".to_owned(),
        Detail::Agent(false) => "QGA off".to_owned(),
        Detail::UserDataBytes(bytes) => {
            format!("user data ({})", count(*bytes as usize, "byte", "bytes"))
        }
        Detail::KeptUntil(Some(until)) => {
            format!("kept until {}", date_time(*until, offset_minutes(*until)))
        }
        Detail::KeptUntil(None) => "kept until deleted".to_owned(),
        Detail::AnswerLost => "answer lost; outcome found by asking the API".to_owned(),
        Detail::Client(address) => format!("from {address}"),
    }
}

pub fn instance_line(line: &InstanceLine) -> String {
    match &line.final_state {
        Some(state) => format!("{}: {state}", line.instance_id),
        None => format!("{}: in progress", line.instance_id),
    }
}

pub fn request_id(request_id: &str) -> String {
    format!("{REQUEST_ID} {request_id}")
}

/// "2 min 10 s", "45 s", "3 h 5 min", "2 d 4 h"; whole units, rounded down.
pub fn duration(ms: i64) -> String {
    if ms < 1000 {
        return "less than 1 s".to_owned();
    }
    let seconds = ms / 1000;
    let (days, hours, minutes, seconds) = (
        seconds / 86_400,
        seconds / 3600 % 24,
        seconds / 60 % 60,
        seconds % 60,
    );
    let pair = |big: i64, big_unit: &str, small: i64, small_unit: &str| match small {
        0 => format!("{big} {big_unit}"),
        small => format!("{big} {big_unit} {small} {small_unit}"),
    };
    match (days, hours, minutes) {
        (0, 0, 0) => format!("{seconds} s"),
        (0, 0, minutes) => pair(minutes, "min", seconds, "s"),
        (0, hours, minutes) => pair(hours, "h", minutes, "min"),
        (days, hours, _) => pair(days, "d", hours, "h"),
    }
}

/// The one format of a point in time on screen: "2026-11-28 14:05" in the viewer's time
/// zone, `offset_minutes` east of UTC (the browser says which, for that instant).
pub fn date_time(unix_ms: i64, offset_minutes: i32) -> String {
    let utc = zec_api::time::format_utc(local_seconds(unix_ms, offset_minutes));
    format!("{} {}", &utc[..10], &utc[11..16])
}

/// "2026-11-28": the viewer's date, for file names.
pub fn date(unix_ms: i64, offset_minutes: i32) -> String {
    zec_api::time::format_utc(local_seconds(unix_ms, offset_minutes))[..10].to_owned()
}

fn local_seconds(unix_ms: i64, offset_minutes: i32) -> i64 {
    unix_ms.div_euclid(1000) + i64::from(offset_minutes) * 60
}

fn count(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}
