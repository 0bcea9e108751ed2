//! Every word the activity views show, in one place: the parts of a [`Summary`], durations
//! and dates, each a message of `crate::i18n` (so in the user's language); the views build
//! no sentence of their own.

use zec_api::activity::{Login, RefusedBy};

use super::summary::{Change, Detail, Ending, Headline, InstanceLine, Kind};
use crate::error::ApiError;
use crate::i18n::{text, Msg};

/// Between the parts of one entry's line.
pub const SEPARATOR: &str = " · ";

/// A panel's heading.
pub fn instance_heading(instance_name: &str) -> String {
    text(Msg::ActivityOf {
        name: instance_name.to_owned(),
    })
}

/// A read of the history failed (the entries already shown stay).
pub fn read_failed(error: &ApiError) -> String {
    text(Msg::ActivityUnreadable { why: reason(error) })
}

pub fn csv_progress(entries: usize) -> String {
    text(Msg::CsvProgress { entries })
}

pub fn csv_failed(error: &ApiError) -> String {
    text(Msg::CsvFailed { why: reason(error) })
}

fn reason(error: &ApiError) -> String {
    match error {
        ApiError::Refused { code, .. } => format!(
            "{code}{}{}",
            text(Msg::ColonSpace),
            crate::i18n::error_message(error)
        ),
        ApiError::Transport { detail, .. } => text(Msg::NoAnswerDetail {
            detail: detail.clone(),
        }),
    }
}

/// The export stopped at its limit: the file holds the newest entries only.
pub fn csv_capped(entries: usize) -> String {
    text(Msg::CsvCapped { entries })
}

/// Leads from a fleet's call to its entry.
pub fn call_link(number: usize) -> String {
    text(Msg::ActivityOfCall { number })
}

/// "Call 2 (100 instances)": one ResetInstances call of a fleet.
pub fn call(number: usize, instances: usize) -> String {
    text(Msg::CallNumber {
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
    let what = text(match (kind, succeeded, many) {
        (Kind::Reinstall, true, false) => Msg::HeadReinstalled,
        (Kind::Reinstall, false, false) => Msg::HeadReinstall,
        (Kind::Reinstall, true, true) => Msg::HeadReinstalledMany { n },
        (Kind::Reinstall, false, true) => Msg::HeadReinstallMany { n },
        (Kind::PowerOff, true, false) => Msg::HeadPoweredOff,
        (Kind::PowerOff, false, false) => Msg::HeadPowerOff,
        (Kind::PowerOff, true, true) => Msg::HeadPoweredOffMany { n },
        (Kind::PowerOff, false, true) => Msg::HeadPowerOffMany { n },
        (Kind::PowerOn, true, false) => Msg::HeadPoweredOn,
        (Kind::PowerOn, false, false) => Msg::HeadPowerOn,
        (Kind::PowerOn, true, true) => Msg::HeadPoweredOnMany { n },
        (Kind::PowerOn, false, true) => Msg::HeadPowerOnMany { n },
        (Kind::Snapshot, true, _) => Msg::HeadSnapshotTaken,
        (Kind::Snapshot, false, _) => Msg::StepSnapshot,
        (Kind::Rollback, true, _) => Msg::StepRolledBack,
        (Kind::Rollback, false, _) => Msg::HeadRollback,
        (Kind::DeleteSnapshots, true, _) => Msg::SnapshotDeletedMark,
        (Kind::DeleteSnapshots, false, _) => Msg::HeadSnapshotDeletion,
        (Kind::Other(action), _, _) => {
            return text(Msg::HeadBy {
                what: action.clone(),
                actor: actor.clone(),
            })
        }
    });
    text(Msg::HeadBy {
        what,
        actor: actor.clone(),
    })
}

pub fn change(change: &Change) -> String {
    match change {
        Change::Image {
            before: Some(before),
            after: None,
        } => text(Msg::ImageAgain {
            image: before.clone(),
        }),
        Change::Image {
            before: Some(before),
            after: Some(after),
        } if before == after => text(Msg::ImageAgain {
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
        } => text(Msg::CurrentImageAgain),
        Change::Snapshot(snapshot) => text(Msg::SnapshotNamed {
            name: snapshot.clone(),
        }),
        Change::Snapshots(n) => text(Msg::CountSnapshots { n: *n }),
        Change::Forced => text(Msg::Forced),
    }
}

pub fn ending(ending: &Ending) -> String {
    let after = |state: &str, after_ms: &Option<i64>| match after_ms {
        Some(ms) => text(Msg::StateAfter {
            state: state.to_owned(),
            after: duration(*ms),
        }),
        None => state.to_owned(),
    };
    match ending {
        Ending::Sent => text(Msg::EndSent),
        Ending::InProgress => text(Msg::EndInProgress),
        Ending::Asking => text(Msg::EndAsking),
        Ending::Refused { by, code } => text(match by {
            RefusedBy::Proxy => Msg::RefusedByProxy {
                code: code.to_string(),
            },
            RefusedBy::Api => Msg::RefusedByApi {
                code: code.to_string(),
            },
        }),
        Ending::NotStarted => text(Msg::RowDidNotStart),
        Ending::Reached { state, after_ms } => after(state, after_ms),
        Ending::Mixed { after_ms } => text(Msg::SeeEachInstance {
            state: after("MIXED", after_ms),
        }),
        Ending::TimedOut => text(Msg::EndTimedOut),
        Ending::Unresolved => text(Msg::EndUnresolved),
        Ending::Gone => text(Msg::EndGone),
    }
}

/// `offset_minutes` gives the viewer's time zone at an instant (for a snapshot's end).
pub fn detail(detail: &Detail, offset_minutes: impl Fn(i64) -> i32) -> String {
    match detail {
        Detail::Login(Login::Password) => text(Msg::DetailPasswordLogin),
        Detail::Login(Login::KeyPair) => text(Msg::DetailKeyPairLogin),
        Detail::Login(Login::None) => text(Msg::DetailNoLogin),
        Detail::KeyPair(key) => text(Msg::DetailKeyPair { key: key.clone() }),
        Detail::InstanceName(name) => text(Msg::DetailName { name: name.clone() }),
        Detail::TimeZone(zone) => text(Msg::DetailTimeZone { zone: zone.clone() }),
        Detail::Agent(true) => text(Msg::DetailAgentOn),
        Detail::Agent(false) => text(Msg::DetailAgentOff),
        Detail::UserDataBytes(bytes) => text(Msg::DetailUserData { bytes: *bytes }),
        Detail::KeptUntil(Some(until)) => text(Msg::KeptUntilShort {
            time: date_time(*until, offset_minutes(*until)),
        }),
        Detail::KeptUntil(None) => text(Msg::KeptUntilDeletedShort),
        Detail::AnswerLost => text(Msg::DetailAnswerLost),
        Detail::Client(address) => text(Msg::DetailFrom {
            address: address.clone(),
        }),
    }
}

pub fn instance_line(line: &InstanceLine) -> String {
    match &line.final_state {
        Some(state) => format!("{}: {state}", line.instance_id),
        None => text(Msg::InProgressLine {
            instance: line.instance_id.clone(),
        }),
    }
}

pub fn request_id(request_id: &str) -> String {
    text(Msg::RequestIdLine {
        id: request_id.to_owned(),
    })
}

/// "2 min 10 s", "45 s", "3 h 5 min", "2 d 4 h"; whole units, rounded down.
pub fn duration(ms: i64) -> String {
    if ms < 1000 {
        return text(Msg::LessThanASecond);
    }
    let seconds = ms / 1000;
    let (days, hours, minutes, seconds) = (
        seconds / 86_400,
        seconds / 3600 % 24,
        seconds / 60 % 60,
        seconds % 60,
    );
    let pair = |big: i64, big_unit: Msg, small: i64, small_unit: Msg| match small {
        0 => format!("{big} {}", text(big_unit)),
        small => format!("{big} {} {small} {}", text(big_unit), text(small_unit)),
    };
    match (days, hours, minutes) {
        (0, 0, 0) => format!("{seconds} {}", text(Msg::UnitSeconds)),
        (0, 0, minutes) => pair(minutes, Msg::UnitMinutes, seconds, Msg::UnitSeconds),
        (0, hours, minutes) => pair(hours, Msg::UnitHours, minutes, Msg::UnitMinutes),
        (days, hours, _) => pair(days, Msg::UnitDays, hours, Msg::UnitHours),
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
