//! A call whose answer was lost (a timeout, a cut connection, a replica that stopped while
//! sending) is resolved as the browser resolves one: by asking the API what the instances or
//! snapshots show now, never by sending it again (`judge.rs` reads the states).
//!
//! - Evidence that it was carried out: the record is accepted and followed (or closed with
//!   the end state already reached).
//! - Evidence that it was not: `not-started`, but only once the call is older than the
//!   upstream timeout and a lease, so that a call the API is still taking in is not judged
//!   too early.
//! - A state it would have either way (a stopped instance after a stop): `unknown`, with that
//!   state.
//! - The API cannot be asked: again after 2 s, doubling up to 5 min; after a day the record
//!   is closed as `unknown` / `UNRESOLVED` with a warning in the log, for an operator to check.

use std::time::Duration;

use zec_api::activity::final_state::{NOT_STARTED, UNRESOLVED};
use zec_api::activity::{Outcome, SnapshotActivity};
use zec_api::wire::{
    DescribeKeyPairsRequest, DescribeSnapshotsRequest, KeyPair, Page, SnapshotInfo, SuccessEnvelope,
};
use zec_api::Action;

use super::draft::changes_image;
use super::ends::follows_snapshots;
use super::judge::{instance_evidence, snapshot_evidence, Evidence};
use super::{ms, Activity, Phase, Progress, Record};
use crate::scope::describe_instances;
use crate::upstream::Upstream;

/// After this long without an answer from the API, a lost call is closed as `UNRESOLVED`.
const GIVE_UP_AFTER: Duration = Duration::from_secs(24 * 3600);
const LOOKUP_FAILED: &str = "The cloud API could not be asked.";

/// The record's next progress after asking the API once.
pub async fn resolve(
    upstream: &Upstream,
    record: &Record,
    action: Action,
    activity: &Activity,
    now: i64,
) -> Progress {
    let mut progress = record.progress.clone();
    let Some(found) = ask(upstream, record, action).await else {
        progress.attempts += 1;
        let backoff = (2_000_i64 << progress.attempts.min(8)).min(300_000);
        progress.next_try_at = now + backoff;
        if now - record.started_at > ms(GIVE_UP_AFTER) {
            tracing::warn!(
                id = record.id,
                action = %record.action,
                "activity: the API could not be asked for a day; the call's outcome is UNRESOLVED, check it by hand"
            );
            progress.final_state = Some(UNRESOLVED.to_owned());
            progress.ended_at = Some(now);
            progress.phase = Phase::Done;
        }
        return progress;
    };
    if let Some(id) = found.snapshot_id {
        progress.plan.snapshot_id = Some(id.clone());
        progress.snapshots = vec![SnapshotActivity {
            snapshot_id: id,
            final_state: None,
        }];
    }
    let carried_out = found
        .evidence
        .iter()
        .any(|(_, e)| matches!(e, Evidence::Started | Evidence::Ended(_)));
    let settled = now - record.started_at >= ms(activity.settle);
    if !carried_out && !settled {
        progress.next_try_at = record.started_at + ms(activity.settle);
        return progress;
    }
    for (id, evidence) in &found.evidence {
        let state = match evidence {
            Evidence::Started => None,
            Evidence::Ended(state) | Evidence::Either(state) => Some(state.clone()),
            Evidence::NotStarted => Some(NOT_STARTED.to_owned()),
        };
        set_state(&mut progress, action, id, state);
    }
    progress.outcome = if carried_out {
        Outcome::Accepted
    } else if found
        .evidence
        .iter()
        .all(|(_, e)| *e == Evidence::NotStarted)
    {
        Outcome::NotStarted
    } else {
        Outcome::Unknown
    };
    progress.phase = Phase::Following;
    super::follow::finish_if_ended(action, &mut progress, now);
    if progress.outcome == Outcome::NotStarted {
        progress.final_state = Some(NOT_STARTED.to_owned());
    }
    progress
}

fn set_state(progress: &mut Progress, action: Action, id: &str, state: Option<String>) {
    if follows_snapshots(action) {
        if let Some(snapshot) = progress.snapshots.iter_mut().find(|s| s.snapshot_id == id) {
            snapshot.final_state = state;
        }
    } else if let Some(instance) = progress.instances.iter_mut().find(|i| i.instance_id == id) {
        instance.final_state = state;
    }
}

/// What asking found: evidence per instance or snapshot id, and for a lost CreateSnapshot
/// the snapshot it made, if it made one.
struct Found {
    evidence: Vec<(String, Evidence)>,
    snapshot_id: Option<String>,
}

/// Asks the API once (its read retries included); `None` when it could not be asked.
async fn ask(upstream: &Upstream, record: &Record, action: Action) -> Option<Found> {
    let p = &record.progress;
    let mut found = Found {
        evidence: Vec::new(),
        snapshot_id: None,
    };
    match action {
        Action::CreateSnapshot => {
            let (Some(disk), Some(name)) = (&p.plan.disk_id, &p.plan.snapshot_name) else {
                return None;
            };
            let request = DescribeSnapshotsRequest {
                disk_ids: vec![disk.clone()],
                snapshot_name: Some(name.clone()),
                page_size: Some(zec_api::rules::MAX_PAGE_SIZE),
                ..DescribeSnapshotsRequest::default()
            };
            // The name filter is fuzzy: exact matches only, the newest one.
            let page = snapshots(upstream, request).await?;
            let made = page
                .data_set
                .into_iter()
                .filter(|s| &s.snapshot_name == name && &s.disk_id == disk)
                .max_by(|a, b| a.create_time.cmp(&b.create_time));
            let status = made.as_ref().map(|s| s.status.clone());
            found.snapshot_id = made.map(|s| s.snapshot_id);
            let id = found.snapshot_id.clone().unwrap_or_default();
            found
                .evidence
                .push((id, snapshot_evidence(action, status.as_ref())));
        }
        Action::ApplySnapshot | Action::DeleteSnapshots => {
            let ids: Vec<String> = p.snapshots.iter().map(|s| s.snapshot_id.clone()).collect();
            let request = DescribeSnapshotsRequest {
                snapshot_ids: ids.clone(),
                page_size: Some(ids.len().max(1) as u32),
                ..DescribeSnapshotsRequest::default()
            };
            let listed = snapshots(upstream, request).await?.data_set;
            for id in ids {
                let status = listed
                    .iter()
                    .find(|s| s.snapshot_id == id)
                    .map(|s| &s.status);
                found
                    .evidence
                    .push((id.clone(), snapshot_evidence(action, status)));
            }
        }
        _ => {
            let ids = record.instance_ids();
            let described = describe_instances(upstream, &ids, LOOKUP_FAILED)
                .await
                .ok()?;
            for id in ids {
                let instance = described.iter().find(|i| i.instance_id == id);
                let evidence = instance_evidence(
                    action,
                    instance.map(|i| &i.status),
                    instance.map(|i| i.image_id.as_str()),
                    p.plan.image_id.as_deref(),
                );
                found.evidence.push((id, evidence));
            }
        }
    }
    Some(found)
}

async fn snapshots(
    upstream: &Upstream,
    request: DescribeSnapshotsRequest,
) -> Option<Page<SnapshotInfo>> {
    crate::scope::read(upstream, Action::DescribeSnapshots, &request, LOOKUP_FAILED)
        .await
        .ok()
}

/// A finished reinstall or rollback gets each instance's image after, and the key pair's
/// name (never its public key). Best effort: what cannot be read stays absent.
pub async fn enrich(upstream: &Upstream, action: Action, progress: &mut Progress) {
    if !changes_image(action) {
        return;
    }
    let ids: Vec<String> = progress
        .instances
        .iter()
        .map(|i| i.instance_id.clone())
        .collect();
    for chunk in ids.chunks(zec_api::rules::MAX_INSTANCE_IDS) {
        let Ok(described) = describe_instances(upstream, chunk, LOOKUP_FAILED).await else {
            break;
        };
        for info in described {
            if let Some(instance) = progress
                .instances
                .iter_mut()
                .find(|i| i.instance_id == info.instance_id)
            {
                instance.image_id_after = Some(info.image_id);
                instance.image_name_after = Some(info.image_name);
            }
        }
    }
    if let (Some(key_id), None) = (&progress.plan.key_id, &progress.plan.key_name) {
        let request = DescribeKeyPairsRequest {
            key_ids: vec![key_id.clone()],
            ..DescribeKeyPairsRequest::default()
        };
        let keys: Option<Page<KeyPair>> =
            crate::scope::read(upstream, Action::DescribeKeyPairs, &request, LOOKUP_FAILED)
                .await
                .ok();
        progress.plan.key_name = keys
            .and_then(|page| page.data_set.into_iter().find(|k| &k.key_id == key_id))
            .map(|key| key.key_name);
    }
}

/// One read with one attempt within `timeout`; `None` on any failure.
pub async fn read_once<T: serde::de::DeserializeOwned>(
    upstream: &Upstream,
    action: Action,
    request: &impl serde::Serialize,
    timeout: Duration,
) -> Option<T> {
    let body = axum::body::Bytes::from(serde_json::to_vec(request).expect("serialises"));
    let answer = upstream
        .call_once_within(action, &body, timeout)
        .await
        .ok()?;
    if answer.status != 200 {
        return None;
    }
    let envelope: SuccessEnvelope<T> = serde_json::from_slice(&answer.body).ok()?;
    Some(envelope.response.data)
}
