//! `GET /api/v2/zec/activity[?instanceId=ID][&cursor=C][&limit=N]`: the history, newest first,
//! scoped like every route.
//!
//! - A caller with an unrestricted scope reads every record (with `instanceId`: that
//!   instance's, refusals of callers outside their scope included).
//! - A restricted caller (a portal session, `--allow-*`) reads the records of the instances
//!   in its scope only: the ids it names, and the instances of its resource groups as the API
//!   lists them now. `instanceId` is checked by `access::decide` as a read of that instance
//!   (403 `RESOURCE_NOT_ALLOWED` outside the scope); refusals of other callers who were
//!   outside their scope are never shown; an entry lists only the instances in scope.
//! - The cursor positions a page and nothing else: the scope is applied to every page, so a
//!   forged cursor reaches nothing more. `limit` is 1–200 (default 50).

use std::collections::BTreeSet;
use std::sync::Arc;

use axum::extract::{Query, State};
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use serde::Deserialize;
use zec_api::activity::{ActivityPage, DEFAULT_ACTIVITY_PAGE, MAX_ACTIVITY_PAGE};
use zec_api::{Action, ErrorCode, Refusal};

use super::Filter;
use crate::access::{decide, Caller, Resource, Scope};
use crate::app::AppState;
use crate::forward::new_request_id;
use crate::log::LogFields;

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ActivityQuery {
    instance_id: Option<String>,
    cursor: Option<String>,
    limit: Option<String>,
}

pub async fn activity(
    State(state): State<Arc<AppState>>,
    Extension(caller): Extension<Caller>,
    Query(query): Query<ActivityQuery>,
) -> Response {
    match page(&state, &caller, &query).await {
        Ok(page) => {
            let mut response = Json(page).into_response();
            response
                .headers_mut()
                .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            response.extensions_mut().insert(LogFields {
                action: "activity".to_owned(),
                instance: query.instance_id.clone().unwrap_or_default(),
                code: "OK".to_owned(),
                actor: caller.actor.as_str().to_owned(),
                ..LogFields::default()
            });
            response
        }
        Err(refusal) => refusal.with_request_id(new_request_id()).into_response(),
    }
}

const CURSOR_PREFIX: &str = "v1.";

/// The cursor of the page after the record `id`.
fn cursor_after(id: i64) -> String {
    format!("{CURSOR_PREFIX}{id:x}")
}

/// The id below which the page starts.
fn parse_cursor(cursor: Option<&str>) -> Result<i64, Refusal> {
    let Some(cursor) = cursor else {
        return Ok(i64::MAX);
    };
    cursor
        .strip_prefix(CURSOR_PREFIX)
        .filter(|hex| !hex.is_empty() && hex.len() <= 16)
        .and_then(|hex| i64::from_str_radix(hex, 16).ok())
        .filter(|id| *id > 0)
        .ok_or_else(|| {
            Refusal::with(
                ErrorCode::InvalidParameter,
                "cursor is not one this server gave: pass nextCursor from the previous page.",
            )
        })
}

fn parse_limit(limit: Option<&str>) -> Result<i64, Refusal> {
    let Some(limit) = limit else {
        return Ok(i64::from(DEFAULT_ACTIVITY_PAGE));
    };
    limit
        .trim()
        .parse::<u32>()
        .ok()
        .filter(|n| (1..=MAX_ACTIVITY_PAGE).contains(n))
        .map(i64::from)
        .ok_or_else(|| {
            Refusal::with(
                ErrorCode::InvalidParameter,
                format!("limit must be a whole number from 1 to {MAX_ACTIVITY_PAGE}."),
            )
        })
}

async fn page(
    state: &AppState,
    caller: &Caller,
    query: &ActivityQuery,
) -> Result<ActivityPage, Refusal> {
    let limit = parse_limit(query.limit.as_deref())?;
    let before = parse_cursor(query.cursor.as_deref())?;
    let instance_id = query.instance_id.as_deref().map(str::trim);
    if let Some(id) = instance_id {
        crate::ids::check_canonical("instanceId", id)?;
    }
    // The instances a restricted caller may see, and the resource group of each one listed
    // through its groups (what the decision needs); `None`: unrestricted.
    let visible = match &caller.scope {
        Scope::Everything => None,
        Scope::Only {
            instances,
            resource_groups,
        } => {
            let mut visible: Vec<(String, Option<String>)> =
                instances.iter().map(|id| (id.clone(), None)).collect();
            for info in crate::scope::instances_of_groups(&state.upstream, resource_groups).await? {
                visible.push((info.instance_id, info.resource_group_id));
            }
            Some(visible)
        }
    };
    if let Some(id) = instance_id {
        let resource_group = visible
            .iter()
            .flatten()
            .find(|(visible, group)| visible == id && group.is_some())
            .and_then(|(_, group)| group.clone());
        let resource = Resource {
            instance_id: id.to_owned(),
            resource_group,
            protected: None,
        };
        decide(caller, Action::DescribeInstances, &[resource])?;
    }
    let visible: Option<BTreeSet<String>> =
        visible.map(|list| list.into_iter().map(|(id, _)| id).collect());
    let ids: Vec<String> = visible.iter().flatten().cloned().collect();
    let filter = match (instance_id, &visible) {
        (Some(id), visible) => Filter::Instance {
            id,
            outside_scope: visible.is_none(),
        },
        (None, None) => Filter::All,
        (None, Some(_)) => Filter::Instances(&ids),
    };
    let mut records = state
        .activity
        .store()
        .page(&filter, before, limit + 1)
        .await
        .map_err(|error| {
            tracing::warn!(%error, "activity store: cannot read");
            Refusal::new(ErrorCode::ActivityUnavailable)
        })?;
    let next_cursor = if records.len() as i64 > limit {
        records.truncate(limit as usize);
        records.last().map(|record| cursor_after(record.id))
    } else {
        None
    };
    let entries = records
        .iter()
        .map(|record| {
            let mut entry = record.entry();
            if let Some(visible) = &visible {
                entry.instances.retain(|i| visible.contains(&i.instance_id));
            }
            entry
        })
        .collect();
    Ok(ActivityPage {
        entries,
        next_cursor,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_anything_else_is_refused() {
        for id in [1, 42, 0x7fff_ffff_ffff_ffff] {
            assert_eq!(parse_cursor(Some(&cursor_after(id))), Ok(id));
        }
        assert_eq!(parse_cursor(None), Ok(i64::MAX));
        for forged in [
            "",
            "v1.",
            "v1.-5",
            "v1.0",
            "v2.10",
            "10",
            "v1.zz",
            "v1.ffffffffffffffffff",
        ] {
            let refusal = parse_cursor(Some(forged)).unwrap_err();
            assert_eq!(refusal.code, ErrorCode::InvalidParameter, "{forged}");
        }
    }

    #[test]
    fn pages_are_1_to_200_entries() {
        assert_eq!(parse_limit(None), Ok(50));
        assert_eq!(parse_limit(Some("200")), Ok(200));
        for bad in ["0", "201", "1000000", "-1", "ten", "9999999999999"] {
            assert!(parse_limit(Some(bad)).is_err(), "{bad}");
        }
    }
}
