//! The activity list of one scope (an instance, or everything the viewer may see) as one
//! state value and one transition: the first page, "Show older" with the cursor, and the
//! re-reads that keep it live.
//!
//! When it re-reads the newest page: shortly after the view says something happened (the
//! panel's flow sent a call or ended, a status changed: [`NUDGE_DELAY_MS`], however many
//! nudges come meanwhile), and while an entry of the newest page is still open, on a timer
//! that slows down while nothing changes ([`poll_delay_ms`]). Reads never overlap and one
//! timer at most is set, so a list reads at most about twice a second while things happen,
//! every 2 s or slower while a call runs, and never once everything has ended: well inside
//! the proxy's fair share of 10 calls per second per caller.

use zec_api::activity::{ActivityEntry, ActivityPage};

use crate::error::ApiError;

/// Entries per page in a panel.
pub const PAGE_ENTRIES: u32 = 20;
/// After a failed read while entries are open, the next one waits this long.
pub const RETRY_MS: u32 = 15_000;
/// A nudge reads this much later: the nudges of one change (a status, then the flow's
/// answer) share one read, and the proxy has written the answer by then.
pub const NUDGE_DELAY_MS: u32 = 500;

/// The delay before the next re-read while an entry is open, by how many re-reads in a row
/// changed nothing: every 2 s at first (the proxy writes the end within a status interval
/// of it), then 5 s, 15 s and, after about ten minutes, once a minute.
pub fn poll_delay_ms(unchanged: u32) -> u32 {
    match unchanged {
        0..=4 => 2_000,
        5..=16 => 5_000,
        17..=52 => 15_000,
        _ => 60_000,
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum Event {
    /// The view is shown: read the newest page.
    Start,
    /// Something happened that the history will show: read the newest page soon.
    Nudge,
    /// A timer set by [`Command::Wait`] fired.
    Tick(u64),
    ShowOlder,
    /// "Try again" after a failed read.
    Retry,
    NewestRead(Result<ActivityPage, ApiError>),
    /// The page after `cursor`.
    OlderRead {
        cursor: String,
        result: Result<ActivityPage, ApiError>,
    },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Command {
    /// Read a page of `Feed::limit` entries: the newest (`None`) or the one after the cursor.
    Read(Option<String>),
    /// Send `Event::Tick(tick)` after `delay_ms`.
    Wait { tick: u64, delay_ms: u32 },
    /// Put the focus on this entry (the first that "Show older" brought).
    Focus(String),
}

/// What lies past the last entry shown.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Older {
    /// Not known before the first page.
    Unknown,
    /// Older entries, read with this cursor.
    Cursor(String),
    /// The start of the history.
    None,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Feed {
    pub limit: u32,
    /// Newest first.
    pub entries: Vec<ActivityEntry>,
    pub older: Older,
    /// The first page has been read.
    pub loaded: bool,
    pub reading_newest: bool,
    pub reading_older: bool,
    /// Why the last read failed, until one succeeds.
    pub error: Option<ApiError>,
    /// A nudge came during a read: read again after it.
    again: bool,
    /// The timer that counts and its delay (older timers are ignored when they fire).
    waiting: Option<(u64, u32)>,
    ticks: u64,
    unchanged: u32,
}

impl Feed {
    pub fn new(limit: u32) -> Feed {
        Feed {
            limit,
            entries: vec![],
            older: Older::Unknown,
            loaded: false,
            reading_newest: false,
            reading_older: false,
            error: None,
            again: false,
            waiting: None,
            ticks: 0,
            unchanged: 0,
        }
    }

    /// An entry of the newest page is still running: the list follows it.
    pub fn following(&self) -> bool {
        self.entries
            .iter()
            .take(self.limit as usize)
            .any(ActivityEntry::is_open)
    }

    pub fn has_older(&self) -> bool {
        matches!(self.older, Older::Cursor(_))
    }
}

/// The one transition: the next state and what to do.
pub fn update(feed: &Feed, event: Event) -> (Feed, Vec<Command>) {
    let mut next = feed.clone();
    let commands = match event {
        Event::Start | Event::Retry => next.read_newest(),
        Event::Nudge => {
            next.unchanged = 0;
            match (next.reading_newest, next.waiting) {
                (true, _) => {
                    next.again = true;
                    vec![]
                }
                (false, Some((_, delay_ms))) if delay_ms <= NUDGE_DELAY_MS => vec![],
                (false, _) => next.wait(NUDGE_DELAY_MS),
            }
        }
        Event::Tick(tick) if next.waiting.is_some_and(|(waiting, _)| waiting == tick) => {
            next.waiting = None;
            next.read_newest()
        }
        Event::Tick(_) => vec![],
        Event::ShowOlder => match (&next.older, next.reading_older) {
            (Older::Cursor(cursor), false) => {
                next.reading_older = true;
                vec![Command::Read(Some(cursor.clone()))]
            }
            _ => vec![],
        },
        Event::NewestRead(result) => next.newest_read(result),
        Event::OlderRead { cursor, result } => next.older_read(cursor, result),
    };
    (next, commands)
}

impl Feed {
    fn read_newest(&mut self) -> Vec<Command> {
        if self.reading_newest {
            self.again = true;
            return vec![];
        }
        self.reading_newest = true;
        // A timer still set would only read again.
        self.waiting = None;
        vec![Command::Read(None)]
    }

    /// Sets the one timer (an earlier one no longer counts).
    fn wait(&mut self, delay_ms: u32) -> Vec<Command> {
        self.ticks += 1;
        self.waiting = Some((self.ticks, delay_ms));
        vec![Command::Wait {
            tick: self.ticks,
            delay_ms,
        }]
    }

    fn newest_read(&mut self, result: Result<ActivityPage, ApiError>) -> Vec<Command> {
        self.reading_newest = false;
        let was_following = self.following();
        match result {
            Ok(page) => {
                let before = self.entries.clone();
                self.merge_newest(page);
                self.loaded = true;
                self.error = None;
                self.unchanged = if self.entries == before {
                    self.unchanged + 1
                } else {
                    0
                };
            }
            Err(error) => self.error = Some(error),
        }
        let delay_ms = match (&self.error, self.following(), was_following) {
            _ if std::mem::take(&mut self.again) => NUDGE_DELAY_MS,
            (None, true, _) => poll_delay_ms(self.unchanged),
            (Some(_), _, true) => RETRY_MS,
            _ => return vec![],
        };
        self.wait(delay_ms)
    }

    /// The newest page replaces the entries it holds and goes in front of the older ones
    /// shown when it reaches them (the cursor of the older ones stays). When more arrived
    /// than a page holds, the list starts again from this page, its cursor leading to the
    /// rest; a last page is the whole history.
    fn merge_newest(&mut self, page: ActivityPage) {
        let reaches = match page.entries.last() {
            None => None,
            Some(last) => self.entries.iter().position(|entry| entry.id == last.id),
        };
        match (reaches, page.next_cursor) {
            (Some(index), Some(_)) => {
                let kept = self.entries.split_off(index + 1);
                self.entries = page.entries;
                self.entries.extend(kept);
            }
            (_, cursor) => {
                self.entries = page.entries;
                self.older = cursor.map_or(Older::None, Older::Cursor);
            }
        }
    }

    fn older_read(
        &mut self,
        cursor: String,
        result: Result<ActivityPage, ApiError>,
    ) -> Vec<Command> {
        // The list started again from a newer page meanwhile: this page belongs to none.
        if self.older != Older::Cursor(cursor) {
            self.reading_older = false;
            return vec![];
        }
        self.reading_older = false;
        let page = match result {
            Ok(page) => page,
            Err(error) => {
                self.error = Some(error);
                return vec![];
            }
        };
        self.error = None;
        let new: Vec<ActivityEntry> = page
            .entries
            .into_iter()
            .filter(|entry| self.entries.iter().all(|shown| shown.id != entry.id))
            .collect();
        self.older = page.next_cursor.map_or(Older::None, Older::Cursor);
        let focus = new.first().or(self.entries.last()).map(|e| e.id.clone());
        self.entries.extend(new);
        focus.map(Command::Focus).into_iter().collect()
    }
}
