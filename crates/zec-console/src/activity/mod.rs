//! The activity history in the console: who made which state-changing call and how it
//! ended, as the proxy keeps it (`zec_api::activity`). Pure, like the flows:
//!
//! - `summary`: an entry as typed parts (who, what, how it ended), never words;
//! - `words`: every word the activity views show, as messages (`crate::i18n`);
//! - `feed`: one scope's list, paged and kept live, as a state and a transition;
//! - `csv`: every page of a scope, then the file.

pub mod csv;
pub mod feed;
pub mod summary;
pub mod words;

use zec_api::activity::ActivityEntry;

/// The entry of one ResetInstances call of a fleet: by its request id; when its answer was
/// lost (no request id), the newest ResetInstances entry on exactly its instances.
pub fn call_entry<'a>(
    entries: &'a [ActivityEntry],
    request_id: Option<&str>,
    instance_ids: &[String],
) -> Option<&'a ActivityEntry> {
    match request_id {
        Some(request_id) => entries
            .iter()
            .find(|entry| entry.request_id.as_deref() == Some(request_id)),
        None => entries.iter().find(|entry| {
            entry.action == "ResetInstances"
                && entry.instances.len() == instance_ids.len()
                && entry
                    .instances
                    .iter()
                    .all(|i| instance_ids.contains(&i.instance_id))
        }),
    }
}
