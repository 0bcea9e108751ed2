//! Protected instances (`--protect-tag KEY=VALUE`, `--protect-instances a,b`): a call that
//! would reinstall, roll back or power off one is refused with 403 `RESOURCE_PROTECTED` in the
//! API's envelope and nothing is forwarded; a batch naming one is refused whole. Tags are read
//! from the API for the named ids (one DescribeInstances call), never taken from the browser.
//! The rule itself is `zec_api::rules::protection`, the one the browser shows locks with.

use std::sync::Arc;

use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use axum::Json;
use zec_api::rules::{self, ProtectedBy};
use zec_api::{ProtectionPolicy, Refusal};

use crate::app::AppState;
use crate::forward::new_request_id;
use crate::scope::describe_instances;
use crate::upstream::Upstream;

/// Refuses when any of `ids` is protected, naming every protected one. Listed ids need no
/// lookup; the others are described by the API to read their tags now.
pub async fn check_ids(
    policy: &ProtectionPolicy,
    upstream: &Upstream,
    ids: &[String],
) -> Result<(), Refusal> {
    let mut unique: Vec<&String> = Vec::new();
    for id in ids {
        if !unique.contains(&id) {
            unique.push(id);
        }
    }
    let to_look_up: Vec<String> = unique
        .iter()
        .filter(|id| !policy.lists(id))
        .map(|id| (*id).clone())
        .collect();
    let described = if to_look_up.is_empty() {
        Vec::new()
    } else {
        describe_instances(
            upstream,
            &to_look_up,
            "Could not check whether the instances are protected, so nothing was sent; try again.",
        )
        .await?
    };
    let protected: Vec<(String, ProtectedBy)> = unique
        .into_iter()
        .filter_map(|id| {
            if policy.lists(id) {
                return Some((id.clone(), ProtectedBy::List));
            }
            described
                .iter()
                .find(|instance| &instance.instance_id == id)
                .and_then(|instance| rules::protection(instance, policy))
                .map(|by| (id.clone(), by))
        })
        .collect();
    rules::check_not_protected(&protected)?;
    Ok(())
}

/// `GET /api/v2/zec/protection`: the policy the proxy enforces, for the browser's locks.
/// Same host, origin and access checks as the API.
pub async fn policy(State(state): State<Arc<AppState>>, headers: HeaderMap) -> Response {
    match state.access.authenticate(&headers) {
        Ok(_) => Json(state.access.protection.clone()).into_response(),
        Err(refusal) => refusal.with_request_id(new_request_id()).into_response(),
    }
}
