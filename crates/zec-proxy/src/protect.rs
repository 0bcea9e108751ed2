//! Protected instances (`--protect-tag KEY=VALUE`, `--protect-instances a,b`): a call that
//! would reinstall, roll back, power off or delete the snapshots of one is refused with 403
//! `RESOURCE_PROTECTED` in the API's envelope and nothing is forwarded; a batch naming one is
//! refused whole. The refusal is part of the one decision (`access::decide`); tags are read
//! from the API (`scope::resources`, `snapshots.rs`), never taken from the browser. The rule
//! itself is `zec_api::rules::protection`, the one the browser shows locks with.
//!
//! `GET /api/v2/zec/protection` answers the policy for the caller's scope only: the tag, and
//! the listed ids the caller may see.

use std::sync::Arc;

use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use zec_api::{ProtectionPolicy, Refusal};

use crate::access::{Caller, Scope};
use crate::app::AppState;
use crate::forward::new_request_id;
use crate::scope::describe_instances;

/// The policy as `caller` may see it.
pub async fn policy_for(state: &AppState, caller: &Caller) -> Result<ProtectionPolicy, Refusal> {
    let policy = &state.access.protection;
    let Scope::Only {
        resource_groups, ..
    } = &caller.scope
    else {
        return Ok(policy.clone());
    };
    let mut visible: Vec<String> = policy
        .instance_ids
        .iter()
        .filter(|id| caller.scope.names(id))
        .cloned()
        .collect();
    let unnamed: Vec<String> = policy
        .instance_ids
        .iter()
        .filter(|id| !caller.scope.names(id))
        .cloned()
        .collect();
    if !resource_groups.is_empty() {
        for chunk in unnamed.chunks(zec_api::rules::MAX_INSTANCE_IDS) {
            let described = describe_instances(
                &state.upstream,
                chunk,
                "Could not check which protected instances you may see; try again.",
            )
            .await?;
            visible.extend(
                described
                    .into_iter()
                    .filter(|i| {
                        caller
                            .scope
                            .allows(&i.instance_id, i.resource_group_id.as_deref())
                    })
                    .map(|i| i.instance_id),
            );
        }
    }
    visible.sort();
    Ok(ProtectionPolicy {
        tag: policy.tag.clone(),
        instance_ids: visible,
    })
}

/// `GET /api/v2/zec/protection`: the policy the proxy enforces, for the browser's locks.
/// Same host, origin and access checks as the API.
pub async fn policy(
    State(state): State<Arc<AppState>>,
    Extension(caller): Extension<Caller>,
) -> Response {
    match policy_for(&state, &caller).await {
        Ok(policy) => Json(policy).into_response(),
        Err(refusal) => refusal.with_request_id(new_request_id()).into_response(),
    }
}
