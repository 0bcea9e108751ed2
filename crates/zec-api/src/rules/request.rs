//! The shape of a request on its own: lists of ids and paging.

use crate::violation::Violation;

/// The most instance ids one call may name.
pub const MAX_INSTANCE_IDS: usize = 100;
/// The most snapshot ids one call may name.
pub const MAX_SNAPSHOT_IDS: usize = 100;
pub const MAX_PAGE_SIZE: u32 = 1000;
pub const DEFAULT_PAGE_SIZE: u32 = 20;

/// A list of ids a request names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IdList {
    Instances,
    Snapshots,
}

impl IdList {
    /// Its name on the wire.
    pub fn parameter(self) -> &'static str {
        match self {
            IdList::Instances => "instanceIds",
            IdList::Snapshots => "snapshotIds",
        }
    }

    pub fn max(self) -> usize {
        match self {
            IdList::Instances => MAX_INSTANCE_IDS,
            IdList::Snapshots => MAX_SNAPSHOT_IDS,
        }
    }
}

/// A list of ids: at most its maximum, none empty, and present when the action needs one.
pub fn check_ids(list: IdList, ids: &[String], required: bool) -> Result<(), Violation> {
    if required && ids.is_empty() {
        return Err(Violation::Missing {
            parameter: list.parameter(),
        });
    }
    if ids.len() > list.max() {
        let count = ids.len();
        return Err(Violation::TooManyIds { list, count });
    }
    if ids.iter().any(|id| id.trim().is_empty()) {
        return Err(Violation::EmptyId(list));
    }
    Ok(())
}

/// At most [`MAX_INSTANCE_IDS`] instance ids, none empty, present when needed.
pub fn check_instance_ids(ids: &[String], required: bool) -> Result<(), Violation> {
    check_ids(IdList::Instances, ids, required)
}

/// At most [`MAX_SNAPSHOT_IDS`] snapshot ids, none empty, present when needed.
pub fn check_snapshot_ids(ids: &[String], required: bool) -> Result<(), Violation> {
    check_ids(IdList::Snapshots, ids, required)
}

/// Page size 1–1000 (default 20) and page number from 1 (default 1).
pub fn check_paging(
    page_size: Option<u32>,
    page_num: Option<u32>,
) -> Result<(u32, u32), Violation> {
    let size = page_size.unwrap_or(DEFAULT_PAGE_SIZE);
    let num = page_num.unwrap_or(1);
    if size == 0 || size > MAX_PAGE_SIZE {
        return Err(Violation::PageSize);
    }
    if num == 0 {
        return Err(Violation::PageNum);
    }
    Ok((size, num))
}

/// A required parameter must not be blank.
pub fn check_present(parameter: &'static str, value: &str) -> Result<(), Violation> {
    match value.trim().is_empty() {
        true => Err(Violation::Missing { parameter }),
        false => Ok(()),
    }
}
