//! Every word the activity views show, in one place: the parts of a [`Summary`], durations
//! and dates, each a message of `crate::i18n` (so in the user's language); the views build
//! no sentence of their own.

use zec_api::activity::{Login, RefusedBy};

use super::summary::{Change, Detail, Ending, Headline, InstanceLine, Kind};
use crate::error::ApiError;
use crate::i18n::{msg, text, word, Id};

/// Between the parts of one entry's line.
pub const SEPARATOR: &str = " · ";

/// A panel's heading.
pub fn instance_heading(instance_name: &str) -> String {
    text(msg::ActivityOf {
        name: instance_name.to_owned(),
    })
}

/// A read of the history failed (the entries already shown stay).
pub fn read_failed(error: &ApiError) -> String {
    text(msg::ActivityUnreadable { why: reason(error) })
}

pub fn csv_progress(entries: usize) -> String {
    text(msg::CsvProgress { entries })
}

pub fn csv_failed(error: &ApiError) -> String {
    text(msg::CsvFailed { why: reason(error) })
}

fn reason(error: &ApiError) -> String {
    match error {
        ApiError::Refused { code, .. } => format!(
            "{code}{}{}",
            word(Id::ColonSpace),
            crate::i18n::error_message(error)
        ),
        ApiError::Transport { detail, .. } => text(msg::NoAnswerDetail {
            detail: detail.clone(),
        }),
    }
}

/// The export stopped at its limit: the file holds the newest entries only.
pub fn csv_capped(entries: usize) -> String {
    text(msg::CsvCapped { entries })
}

/// Leads from a fleet's call to its entry.
pub fn call_link(number: usize) -> String {
    text(msg::ActivityOfCall { number })
}

/// "Call 2 (100 instances)": one ResetInstances call of a fleet.
pub fn call(number: usize, instances: usize) -> String {
    text(msg::CallNumber {
        number,
        n: instances,
    })
}

pub fn headline(headline: &Headline) -> String {
    let Headline {
        kind,
        succeeded,
        actor,
        instances,
    } = headline;
    let many = *instances > 1;
    let n = *instances;
    let what = match (kind, succeeded, many) {
        (Kind::Reinstall, true, false) => word(Id::HeadReinstalled),
        (Kind::Reinstall, false, false) => word(Id::HeadReinstall),
        (Kind::Reinstall, true, true) => text(msg::HeadReinstalledMany { n }),
        (Kind::Reinstall, false, true) => text(msg::HeadReinstallMany { n }),
        (Kind::PowerOff, true, false) => word(Id::HeadPoweredOff),
        (Kind::PowerOff, false, false) => word(Id::HeadPowerOff),
        (Kind::PowerOff, true, true) => text(msg::HeadPoweredOffMany { n }),
        (Kind::PowerOff, false, true) => text(msg::HeadPowerOffMany { n }),
        (Kind::PowerOn, true, false) => word(Id::HeadPoweredOn),
        (Kind::PowerOn, false, false) => word(Id::HeadPowerOn),
        (Kind::PowerOn, true, true) => text(msg::HeadPoweredOnMany { n }),
        (Kind::PowerOn, false, true) => text(msg::HeadPowerOnMany { n }),
        (Kind::Snapshot, true, _) => word(Id::HeadSnapshotTaken),
        (Kind::Snapshot, false, _) => word(Id::StepSnapshot),
        (Kind::Rollback, true, _) => word(Id::StepRolledBack),
        (Kind::Rollback, false, _) => word(Id::HeadRollback),
        (Kind::DeleteSnapshots, true, _) => word(Id::SnapshotDeletedMark),
        (Kind::DeleteSnapshots, false, _) => word(Id::HeadSnapshotDeletion),
        (Kind::Other(action), _, _) => {
            return text(msg::HeadBy {
                what: action.clone(),
                actor: actor.clone(),
            })
        }
    };
    text(msg::HeadBy {
        what,
        actor: actor.clone(),
    })
}

pub fn change(change: &Change) -> String {
    match change {
        Change::Image {
            before: Some(before),
            after: None,
        } => text(msg::ImageAgain {
            image: before.clone(),
        }),
        Change::Image {
            before: Some(before),
            after: Some(after),
        } if before == after => text(msg::ImageAgain {
            image: after.clone(),
        }),
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
        } => word(Id::CurrentImageAgain),
        Change::Snapshot(snapshot) => text(msg::SnapshotNamed {
            name: snapshot.clone(),
        }),
        Change::Snapshots(n) => text(msg::CountSnapshots { n: *n }),
        Change::Forced => word(Id::Forced),
    }
}

pub fn ending(ending: &Ending) -> String {
    let after = |state: &str, after_ms: &Option<i64>| match after_ms {
        Some(ms) => text(msg::StateAfter {
            state: state.to_owned(),
            after: duration(*ms),
        }),
        None => state.to_owned(),
    };
    match ending {
        Ending::Sent => word(Id::EndSent),
        Ending::InProgress => word(Id::EndInProgress),
        Ending::Asking => word(Id::EndAsking),
        Ending::Refused { by, code } => match by {
            RefusedBy::Proxy => text(msg::RefusedByProxy {
                code: code.to_string(),
            }),
            RefusedBy::Api => text(msg::RefusedByApi {
                code: code.to_string(),
            }),
        },
        Ending::NotStarted => word(Id::RowDidNotStart),
        Ending::Reached { state, after_ms } => after(state, after_ms),
        Ending::Mixed { after_ms } => text(msg::SeeEachInstance {
            state: after("MIXED", after_ms),
        }),
        Ending::TimedOut => word(Id::EndTimedOut),
        Ending::Unresolved => word(Id::EndUnresolved),
        Ending::Gone => word(Id::EndGone),
    }
}

/// `offset_minutes` gives the viewer's time zone at an instant (for a snapshot's end).
pub fn detail(detail: &Detail, offset_minutes: impl Fn(i64) -> i32) -> String {
    match detail {
        Detail::Login(Login::Password) => word(Id::DetailPasswordLogin),
        Detail::Login(Login::KeyPair) => word(Id::DetailKeyPairLogin),
        Detail::Login(Login::None) => word(Id::DetailNoLogin),
        Detail::KeyPair(key) => text(msg::DetailKeyPair { key: key.clone() }),
        Detail::InstanceName(name) => text(msg::DetailName { name: name.clone() }),
        Detail::TimeZone(zone) => text(msg::DetailTimeZone { zone: zone.clone() }),
        Detail::Agent(true) => word(Id::DetailAgentOn),
        Detail::Agent(false) => word(Id::DetailAgentOff),
        Detail::UserDataBytes(bytes) => text(msg::DetailUserData { bytes: *bytes }),
        Detail::KeptUntil(Some(until)) => text(msg::KeptUntilShort {
            time: date_time(*until, offset_minutes(*until)),
        }),
        Detail::KeptUntil(None) => word(Id::KeptUntilDeletedShort),
        Detail::AnswerLost => word(Id::DetailAnswerLost),
        Detail::Client(address) => text(msg::DetailFrom {
            address: address.clone(),
        }),
    }
}

pub fn instance_line(line: &InstanceLine) -> String {
    match &line.final_state {
        Some(state) => format!("{}: {state}", line.instance_id),
        None => text(msg::InProgressLine {
            instance: line.instance_id.clone(),
        }),
    }
}

pub fn request_id(request_id: &str) -> String {
    text(msg::RequestIdLine {
        id: request_id.to_owned(),
    })
}

/// "2 min 10 s", "45 s", "3 h 5 min", "2 d 4 h"; whole units, rounded down.
pub fn duration(ms: i64) -> String {
    if ms < 1000 {
        return word(Id::LessThanASecond);
    }
    let seconds = ms / 1000;
    let (days, hours, minutes, seconds) = (
        seconds / 86_400,
        seconds / 3600 % 24,
        seconds / 60 % 60,
        seconds % 60,
    );
    let pair = |big: i64, big_unit: Id, small: i64, small_unit: Id| match small {
        0 => format!("{big} {}", word(big_unit)),
        small => format!("{big} {} {small} {}", word(big_unit), word(small_unit)),
    };
    match (days, hours, minutes) {
        (0, 0, 0) => format!("{seconds} {}", word(Id::UnitSeconds)),
        (0, 0, minutes) => pair(minutes, Id::UnitMinutes, seconds, Id::UnitSeconds),
        (0, hours, minutes) => pair(hours, Id::UnitHours, minutes, Id::UnitMinutes),
        (days, hours, _) => pair(days, Id::UnitDays, hours, Id::UnitHours),
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
