//! Each replica's loop over the history, once per status interval (at most a third of the
//! lease, so a live replica never loses its records):
//!
//! 1. renew the lease of every open record this replica holds;
//! 2. take over the open records whose lease ran out (their replica stopped): one still
//!    `sending` lost its answer and is to be resolved;
//! 3. follow each accepted call to its end: instances through the status hub (the proxy
//!    watches them like a viewer, so browsers watching the same instances cost nothing more),
//!    snapshots with one DescribeSnapshots call for all of them; an end state is written as
//!    soon as it is seen, and the record is closed once every instance or snapshot has one;
//! 4. resolve lost answers by asking the API (`resolve.rs`);
//! 5. once an hour, delete finished records older than the retention.
//!
//! Every write is conditional on the record still being held by this replica in the phase it
//! was read in, so a record is completed once even if two replicas briefly both think they
//! hold it.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use zec_api::activity::final_state::TIMED_OUT;
use zec_api::activity::Outcome;
use zec_api::wire::{DescribeSnapshotsRequest, Page, SnapshotInfo};
use zec_api::{Action, SnapshotStatus};

pub use super::ends::finish_if_ended;
use super::ends::{advance_instances, advance_snapshots, follows_snapshots};
use super::{ms, now_ms, resolve, Activity, Guard, Phase, Progress, Record};
use crate::status::{StatusHub, ViewerGuard};
use crate::upstream::Upstream;

/// Open records one replica takes over per tick.
const CLAIM_BATCH: i64 = 100;
/// How often finished records past the retention are deleted.
const PURGE_EVERY: Duration = Duration::from_secs(3600);

/// Runs until the status hub closes (shutdown). Open records are left as they are: their
/// leases run out and any replica (this one restarted) takes them over.
pub async fn run(activity: Arc<Activity>, hub: Arc<StatusHub>, upstream: Upstream) {
    let every = hub
        .interval()
        .min(activity.options.lease / 3)
        .max(Duration::from_millis(50));
    let mut ticks = tokio::time::interval(every);
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let closed = hub.closed();
    tokio::pin!(closed);
    let mut follower = Follower {
        activity,
        hub,
        upstream,
        watching: HashMap::new(),
        purged_at: None,
    };
    loop {
        tokio::select! {
            _ = ticks.tick() => {}
            _ = &mut closed => return,
        }
        if let Err(error) = follower.tick().await {
            tracing::warn!(%error, "activity store: follow-up tick failed; trying again");
        }
    }
}

/// The longest a call is followed before its record is closed as `TIMED_OUT`.
fn follow_limit(action: Action) -> Duration {
    let hours = match action {
        Action::StopInstances | Action::StartInstances => 1,
        Action::CreateSnapshot => 24,
        _ => 6,
    };
    Duration::from_secs(hours * 3600)
}

fn action_of(record: &Record) -> Option<Action> {
    Action::ALL
        .iter()
        .copied()
        .find(|action| action.name() == record.action)
}

struct Follower {
    activity: Arc<Activity>,
    hub: Arc<StatusHub>,
    upstream: Upstream,
    /// The instances each followed record keeps watched in the status hub.
    watching: HashMap<i64, ViewerGuard>,
    purged_at: Option<Instant>,
}

impl Follower {
    async fn tick(&mut self) -> Result<(), sqlx::Error> {
        let activity = self.activity.clone();
        let (store, owner) = (activity.store(), activity.owner());
        let now = now_ms();
        let lease_until = now + ms(activity.options.lease);
        store.renew(owner, lease_until).await?;
        let taken = store.claim(owner, now, lease_until, CLAIM_BATCH).await?;
        if taken > 0 {
            tracing::info!(
                taken,
                "activity: took over open records of a stopped replica"
            );
        }
        let held = store.held(owner).await?;
        self.watching.retain(|id, _| {
            held.iter()
                .any(|r| r.id == *id && r.progress.phase == Phase::Following)
        });
        let snapshots = self.snapshot_statuses(&held).await;
        for record in &held {
            let Some(action) = action_of(record) else {
                continue;
            };
            let written = match record.progress.phase {
                Phase::Sending => self.lost_if_stale(record, now).await,
                Phase::Resolving if record.progress.next_try_at <= now => {
                    let progress =
                        resolve::resolve(&self.upstream, record, action, &activity, now).await;
                    self.complete(record, action, progress).await
                }
                Phase::Following if follows_snapshots(action) => {
                    self.follow_snapshots(record, action, snapshots.as_ref(), now)
                        .await
                }
                Phase::Following => self.follow_instances(record, action, now).await,
                _ => Ok(()),
            };
            if let Err(error) = written {
                tracing::warn!(%error, id = record.id, "activity store: a record could not be updated");
            }
        }
        if self.purged_at.is_none_or(|at| at.elapsed() >= PURGE_EVERY) {
            self.purged_at = Some(Instant::now());
            let days = i64::from(activity.options.retention_days);
            let deleted = store.purge(now - days * 86_400_000).await?;
            if deleted > 0 {
                tracing::info!(deleted, days, "activity: purged records past the retention");
            }
        }
        Ok(())
    }

    /// A record of this replica still `sending` with no call in flight: the answer could not
    /// be written. It is resolved by asking.
    async fn lost_if_stale(&self, record: &Record, now: i64) -> Result<(), sqlx::Error> {
        let activity = &self.activity;
        if activity.in_flight(record.id) || now - record.started_at < ms(activity.call_limit) {
            return Ok(());
        }
        let mut progress = record.progress.clone();
        progress.outcome = Outcome::Unknown;
        progress.answer_lost = true;
        progress.phase = Phase::Resolving;
        progress.next_try_at = now;
        self.write(record, &progress).await.map(|_| ())
    }

    async fn follow_instances(
        &mut self,
        record: &Record,
        action: Action,
        now: i64,
    ) -> Result<(), sqlx::Error> {
        let mut progress = record.progress.clone();
        let open: Vec<String> = progress
            .instances
            .iter()
            .filter(|i| i.final_state.is_none())
            .map(|i| i.instance_id.clone())
            .collect();
        let hub = self.hub.clone();
        self.watching
            .entry(record.id)
            .or_insert_with(|| hub.follow(open));
        let timed_out = now - record.started_at > ms(follow_limit(action));
        let hub = &self.hub;
        let changed = advance_instances(action, &mut progress, |id| hub.seen(id), timed_out);
        self.progress_made(record, action, progress, changed, timed_out, now)
            .await
    }

    /// `statuses`: this tick's DescribeSnapshots, `None` when the API could not be read.
    async fn follow_snapshots(
        &self,
        record: &Record,
        action: Action,
        statuses: Option<&HashMap<String, SnapshotStatus>>,
        now: i64,
    ) -> Result<(), sqlx::Error> {
        let mut progress = record.progress.clone();
        let timed_out = now - record.started_at > ms(follow_limit(action));
        if statuses.is_none() && !timed_out {
            return Ok(());
        }
        let changed = advance_snapshots(action, &mut progress, statuses, timed_out);
        self.progress_made(record, action, progress, changed, timed_out, now)
            .await
    }

    /// Writes new end states; closes the record when all are in (`TIMED_OUT` past the limit).
    async fn progress_made(
        &self,
        record: &Record,
        action: Action,
        mut progress: Progress,
        changed: bool,
        timed_out: bool,
        now: i64,
    ) -> Result<(), sqlx::Error> {
        finish_if_ended(action, &mut progress, now);
        if timed_out && progress.phase == Phase::Done {
            progress.final_state = Some(TIMED_OUT.to_owned());
        }
        if progress.phase == Phase::Done {
            return self.complete(record, action, progress).await;
        }
        if changed {
            self.write(record, &progress).await?;
        }
        Ok(())
    }

    /// Writes a record's new progress; a finished reinstall or rollback first gets its
    /// image after and its key pair's name (`resolve::enrich`, best effort).
    async fn complete(
        &self,
        record: &Record,
        action: Action,
        mut progress: Progress,
    ) -> Result<(), sqlx::Error> {
        if progress.phase == Phase::Done && progress.outcome != Outcome::NotStarted {
            resolve::enrich(&self.upstream, action, &mut progress).await;
        }
        if self.write(record, &progress).await? && progress.phase == Phase::Done {
            tracing::info!(
                id = record.id,
                action = %record.action,
                final_state = progress.final_state.as_deref().unwrap_or(""),
                "activity: call ended"
            );
        }
        Ok(())
    }

    async fn write(&self, record: &Record, progress: &Progress) -> Result<bool, sqlx::Error> {
        let activity = &self.activity;
        let guard = Guard::Held {
            phase: record.progress.phase,
            owner: activity.owner(),
        };
        let lease_until = now_ms() + ms(activity.options.lease);
        activity
            .store()
            .update(record.id, progress, activity.owner(), lease_until, guard)
            .await
    }

    /// The status of every open snapshot of the followed snapshot calls, read with one
    /// DescribeSnapshots call per 100 (one attempt each; the next tick is the retry). `None`
    /// when any read failed; snapshots the API does not list are absent.
    async fn snapshot_statuses(&self, held: &[Record]) -> Option<HashMap<String, SnapshotStatus>> {
        let mut ids: Vec<String> = held
            .iter()
            .filter(|r| r.progress.phase == Phase::Following)
            .filter(|r| action_of(r).is_some_and(follows_snapshots))
            .flat_map(|r| r.progress.snapshots.iter())
            .filter(|s| s.final_state.is_none())
            .map(|s| s.snapshot_id.clone())
            .collect();
        ids.sort();
        ids.dedup();
        let mut statuses = HashMap::new();
        for chunk in ids.chunks(zec_api::rules::MAX_INSTANCE_IDS) {
            let request = DescribeSnapshotsRequest {
                snapshot_ids: chunk.to_vec(),
                page_size: Some(chunk.len() as u32),
                ..DescribeSnapshotsRequest::default()
            };
            let page: Page<SnapshotInfo> = resolve::read_once(
                &self.upstream,
                Action::DescribeSnapshots,
                &request,
                self.hub.interval(),
            )
            .await?;
            for snapshot in page.data_set {
                statuses.insert(snapshot.snapshot_id, snapshot.status);
            }
        }
        Some(statuses)
    }
}
