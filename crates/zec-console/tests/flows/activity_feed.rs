//! One scope's activity list: the first page, "Show older", and the re-reads that keep it
//! live without a storm of calls.

use zec_api::activity::{ActivityEntry, ActivityPage};
use zec_api::ErrorCode;
use zec_console::activity::call_entry;
use zec_console::activity::feed::{
    poll_delay_ms, update, Command, Event, Feed, Older, NUDGE_DELAY_MS, RETRY_MS,
};
use zec_console::ApiError;

use crate::activity_text::{ended, reinstall};

/// Entry `id`, open or ended.
fn entry(id: u32, open: bool) -> ActivityEntry {
    let mut entry = if open {
        reinstall()
    } else {
        ended("RUNNING", 1_000)
    };
    entry.id = id.to_string();
    entry.request_id = Some(format!("req-{id}"));
    entry
}

/// A page of entries `ids` (newest first), with a cursor after the last when `more`.
fn page(ids: &[(u32, bool)], more: bool) -> ActivityPage {
    ActivityPage {
        entries: ids.iter().map(|(id, open)| entry(*id, *open)).collect(),
        next_cursor: more.then(|| format!("after-{}", ids.last().unwrap().0)),
    }
}

/// A nudge: one short timer, then (when it fires) one read of the newest page.
fn nudge(feed: &Feed) -> Feed {
    let (feed, commands) = update(feed, Event::Nudge);
    let [Command::Wait { tick, delay_ms }] = commands[..] else {
        panic!("a timer: {commands:?}")
    };
    assert_eq!(delay_ms, NUDGE_DELAY_MS);
    let (feed, commands) = update(&feed, Event::Tick(tick));
    assert_eq!(commands, vec![Command::Read(None)]);
    feed
}

fn ids(feed: &Feed) -> Vec<String> {
    feed.entries.iter().map(|e| e.id.clone()).collect()
}

fn unavailable() -> ApiError {
    ApiError::Refused {
        status: 503,
        code: ErrorCode::ActivityUnavailable,
        message: String::new(),
        request_id: "r".into(),
    }
}

/// Starts a feed of 3 per page and answers its first read.
fn loaded(first: ActivityPage) -> (Feed, Vec<Command>) {
    let (feed, commands) = update(&Feed::new(3), Event::Start);
    assert_eq!(commands, vec![Command::Read(None)]);
    assert!(feed.reading_newest);
    update(&feed, Event::NewestRead(Ok(first)))
}

#[test]
fn the_first_page_shows_and_older_pages_follow_with_the_focus_on_the_first_new_entry() {
    let (feed, commands) = loaded(page(&[(9, false), (8, false), (7, false)], true));
    assert!(commands.is_empty(), "nothing runs: no timer");
    assert!(feed.loaded && !feed.following());
    assert_eq!(feed.older, Older::Cursor("after-7".into()));

    let (feed, commands) = update(&feed, Event::ShowOlder);
    assert_eq!(commands, vec![Command::Read(Some("after-7".into()))]);
    // A second press while it loads sends nothing more.
    let (feed, again) = update(&feed, Event::ShowOlder);
    assert!(again.is_empty());
    let (feed, commands) = update(
        &feed,
        Event::OlderRead {
            cursor: "after-7".into(),
            result: Ok(page(&[(6, false), (5, false)], false)),
        },
    );
    assert_eq!(ids(&feed), ["9", "8", "7", "6", "5"]);
    assert_eq!(commands, vec![Command::Focus("6".into())]);
    assert_eq!(feed.older, Older::None, "the start of the history");
    assert!(!feed.has_older());
    let (_, nothing) = update(&feed, Event::ShowOlder);
    assert!(nothing.is_empty());
}

#[test]
fn an_open_entry_is_re_read_on_a_timer_that_slows_down_and_stops_when_it_ends() {
    let (feed, commands) = loaded(page(&[(9, true), (8, false)], false));
    assert!(feed.following());
    let Command::Wait { tick, delay_ms } = commands[0] else {
        panic!("a timer: {commands:?}")
    };
    assert_eq!(delay_ms, poll_delay_ms(0));
    assert_eq!(delay_ms, 2_000);
    let mut feed = feed;
    let mut tick = tick;
    let mut delays = vec![];
    // Nothing changes for a while: the delays grow.
    for _ in 0..60 {
        let (next, commands) = update(&feed, Event::Tick(tick));
        assert_eq!(commands, vec![Command::Read(None)]);
        let (next, commands) = update(
            &next,
            Event::NewestRead(Ok(page(&[(9, true), (8, false)], false))),
        );
        let Command::Wait { tick: t, delay_ms } = commands[0] else {
            panic!("still following: {commands:?}")
        };
        delays.push(delay_ms);
        (feed, tick) = (next, t);
    }
    assert_eq!(delays[0], 2_000);
    assert!(delays.windows(2).all(|w| w[0] <= w[1]), "{delays:?}");
    assert_eq!(*delays.last().unwrap(), 60_000);
    // It ends: no more timers.
    let (next, _) = update(&feed, Event::Tick(tick));
    let (next, commands) = update(
        &next,
        Event::NewestRead(Ok(page(&[(9, false), (8, false)], false))),
    );
    assert!(commands.is_empty());
    assert!(!next.following());
}

#[test]
fn a_nudge_reads_soon_resets_the_pace_and_a_stale_timer_reads_nothing() {
    let (feed, commands) = loaded(page(&[(9, true)], false));
    let Command::Wait { tick: old, .. } = commands[0] else {
        panic!()
    };
    // Many nudges at once (a fleet's statuses): one timer, one read.
    let (mut feed, commands) = update(&feed, Event::Nudge);
    let [Command::Wait { tick, delay_ms }] = commands[..] else {
        panic!("{commands:?}")
    };
    assert_eq!(delay_ms, NUDGE_DELAY_MS);
    for _ in 0..50 {
        let (next, more) = update(&feed, Event::Nudge);
        assert!(more.is_empty(), "the timer already set serves them all");
        feed = next;
    }
    // The timer set before the nudge fires: ignored, no read.
    let (feed, commands) = update(&feed, Event::Tick(old));
    assert!(commands.is_empty());
    let (feed, commands) = update(&feed, Event::Tick(tick));
    assert_eq!(commands, vec![Command::Read(None)]);
    let (feed, commands) = update(
        &feed,
        Event::NewestRead(Ok(page(&[(10, true), (9, true)], false))),
    );
    assert_eq!(ids(&feed), ["10", "9"]);
    assert_eq!(commands.len(), 1);
    assert!(matches!(
        commands[0],
        Command::Wait {
            delay_ms: 2_000,
            ..
        }
    ));
}

#[test]
fn reads_never_overlap_and_nudges_during_one_read_once_more_after_it() {
    let (feed, _) = update(&Feed::new(3), Event::Start);
    let (feed, first) = update(&feed, Event::Nudge);
    let (feed, second) = update(&feed, Event::Nudge);
    assert!(first.is_empty() && second.is_empty(), "one read at a time");
    let (feed, commands) = update(&feed, Event::NewestRead(Ok(page(&[(1, false)], false))));
    let [Command::Wait { tick, delay_ms }] = commands[..] else {
        panic!("{commands:?}")
    };
    assert_eq!(delay_ms, NUDGE_DELAY_MS, "one more read for both nudges");
    let (feed, commands) = update(&feed, Event::Tick(tick));
    assert_eq!(commands, vec![Command::Read(None)]);
    let (_, commands) = update(
        &feed,
        Event::NewestRead(Ok(page(&[(2, false), (1, false)], false))),
    );
    assert!(commands.is_empty(), "nothing open: no timer");
}

#[test]
fn new_entries_go_in_front_of_the_older_ones_already_shown() {
    let (feed, _) = loaded(page(&[(9, false), (8, false), (7, false)], true));
    let (feed, _) = update(&feed, Event::ShowOlder);
    let (feed, _) = update(
        &feed,
        Event::OlderRead {
            cursor: "after-7".into(),
            result: Ok(page(&[(6, false), (5, false), (4, false)], true)),
        },
    );
    // Two new calls: the newest page now reaches 8, and the rest stays, with its cursor.
    let feed = nudge(&feed);
    let (feed, _) = update(
        &feed,
        Event::NewestRead(Ok(page(&[(11, true), (10, false), (9, false)], true))),
    );
    assert_eq!(ids(&feed), ["11", "10", "9", "8", "7", "6", "5", "4"]);
    assert_eq!(feed.older, Older::Cursor("after-4".into()));
    // An entry of the newest page that ended is replaced, not repeated.
    let feed = nudge(&feed);
    let (feed, _) = update(
        &feed,
        Event::NewestRead(Ok(page(&[(11, false), (10, false), (9, false)], true))),
    );
    assert_eq!(ids(&feed), ["11", "10", "9", "8", "7", "6", "5", "4"]);
    assert!(!feed.entries[0].is_open());
}

#[test]
fn more_new_entries_than_a_page_start_the_list_again_and_drop_a_late_older_page() {
    let (feed, _) = loaded(page(&[(9, false), (8, false), (7, false)], true));
    let (feed, _) = update(&feed, Event::ShowOlder);
    // While the older page loads, five calls arrive.
    let feed = nudge(&feed);
    let (feed, _) = update(
        &feed,
        Event::NewestRead(Ok(page(&[(14, false), (13, false), (12, false)], true))),
    );
    assert_eq!(ids(&feed), ["14", "13", "12"]);
    assert_eq!(feed.older, Older::Cursor("after-12".into()));
    let (feed, commands) = update(
        &feed,
        Event::OlderRead {
            cursor: "after-7".into(),
            result: Ok(page(&[(6, false)], false)),
        },
    );
    assert!(commands.is_empty());
    assert_eq!(
        ids(&feed),
        ["14", "13", "12"],
        "the late page is not appended"
    );
    assert!(!feed.reading_older);
}

#[test]
fn a_last_page_is_the_whole_history() {
    let (feed, _) = loaded(page(&[(3, false), (2, false), (1, false)], true));
    let feed = nudge(&feed);
    // The proxy purged 1 and 2 (past the retention): a last page holds everything left.
    let (feed, _) = update(
        &feed,
        Event::NewestRead(Ok(page(&[(4, false), (3, false)], false))),
    );
    assert_eq!(ids(&feed), ["4", "3"]);
    assert_eq!(feed.older, Older::None);
}

#[test]
fn a_failed_read_keeps_what_is_shown_and_retries_slowly_only_while_following() {
    let (feed, _) = loaded(page(&[(9, true)], false));
    let feed = nudge(&feed);
    let (feed, commands) = update(&feed, Event::NewestRead(Err(unavailable())));
    assert_eq!(ids(&feed), ["9"], "the entries stay");
    assert_eq!(feed.error, Some(unavailable()));
    assert!(matches!(
        commands[..],
        [Command::Wait {
            delay_ms: RETRY_MS,
            ..
        }]
    ));
    // Try again clears it once a read succeeds.
    let (feed, commands) = update(&feed, Event::Retry);
    assert_eq!(commands, vec![Command::Read(None)]);
    let (feed, _) = update(&feed, Event::NewestRead(Ok(page(&[(9, false)], false))));
    assert_eq!(feed.error, None);

    // Nothing open: a failure waits for the user (or the next nudge).
    let (feed, _) = update(&Feed::new(3), Event::Start);
    let (feed, commands) = update(&feed, Event::NewestRead(Err(unavailable())));
    assert!(commands.is_empty());
    assert!(!feed.loaded);
}

#[test]
fn a_failed_older_page_can_be_asked_again() {
    let (feed, _) = loaded(page(&[(9, false), (8, false), (7, false)], true));
    let (feed, _) = update(&feed, Event::ShowOlder);
    let (feed, commands) = update(
        &feed,
        Event::OlderRead {
            cursor: "after-7".into(),
            result: Err(unavailable()),
        },
    );
    assert!(commands.is_empty());
    assert!(feed.error.is_some() && feed.has_older());
    let (_, commands) = update(&feed, Event::ShowOlder);
    assert_eq!(commands, vec![Command::Read(Some("after-7".into()))]);
}

#[test]
fn a_fleet_call_finds_its_entry_by_request_id_else_by_its_instances() {
    let mut batch = entry(5, true);
    batch.action = "ResetInstances".into();
    batch.request_id = None;
    let mut second = batch.instances[0].clone();
    second.instance_id = "ins-db-01".into();
    batch.instances.push(second);
    let mut older = batch.clone();
    older.id = "2".into();
    let entries = vec![entry(6, false), batch, older];
    let found = call_entry(&entries, Some("req-6"), &[]).unwrap();
    assert_eq!(found.id, "6");
    assert!(call_entry(&entries, Some("req-404"), &[]).is_none());
    let ids = ["ins-db-01".to_owned(), "ins-web-01".to_owned()];
    assert_eq!(
        call_entry(&entries, None, &ids).unwrap().id,
        "5",
        "the newest"
    );
    assert!(
        call_entry(&entries, None, &ids[..1]).is_none(),
        "exactly its instances"
    );
}
