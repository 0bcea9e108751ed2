//! The activity history: who made which state-changing call, what it asked for (never a
//! password, user data or key material), and how it ended, in a real database.
//!
//! - `store`: the one store interface, [`Store`], over SQLite and PostgreSQL (`record`: a
//!   record as it keeps it);
//! - `draft`: a call's record gathered as its checks go, and what its answer means;
//! - [`Activity`]: written before a call is forwarded (if it cannot be, the call is refused
//!   with 503 `ACTIVITY_UNAVAILABLE`), completed with the answer; refusals are recorded too;
//! - `follow`: each replica's loop: renews its leases, takes over the open records of
//!   replicas that stopped, follows accepted calls to their end state through the status
//!   hub's polling (`ends`: which states end what), resolves lost answers by asking the API
//!   (`resolve`; `judge`: what a state says about a lost call), purges past the retention;
//! - `route`: `GET /api/v2/zec/activity`, scoped by `access::decide` like every route.

mod draft;
mod ends;
mod follow;
mod judge;
mod record;
mod resolve;
pub mod route;
pub mod store;

use std::collections::HashSet;
use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use axum::http::HeaderMap;
use zec_api::activity::final_state::NOT_STARTED;
use zec_api::activity::{Outcome, RefusedBy};
use zec_api::{ErrorCode, Refusal};

use crate::access::Caller;
use crate::identify::AccessControl;
pub use draft::{Answered, Draft};
pub use follow::run as follow;
pub use record::{Filter, Guard, Phase, Progress, Record};
pub use store::Store;

/// Unix milliseconds now.
pub fn now_ms() -> i64 {
    let since = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default();
    i64::try_from(since.as_millis()).unwrap_or(i64::MAX)
}

fn ms(duration: Duration) -> i64 {
    i64::try_from(duration.as_millis()).unwrap_or(i64::MAX)
}

/// How the history is kept.
#[derive(Clone, Debug)]
pub struct ActivityOptions {
    /// `sqlite:PATH`, `sqlite::memory:` (gone with the process) or `postgres://…`.
    pub database: String,
    /// Finished records older than this many days are deleted.
    pub retention_days: u32,
    /// How long an open record stays with a replica that stops renewing it: after that any
    /// replica (this one after a restart) takes it over.
    pub lease: Duration,
}

impl Default for ActivityOptions {
    fn default() -> Self {
        ActivityOptions {
            database: "sqlite::memory:".to_owned(),
            retention_days: 365,
            lease: Duration::from_secs(30),
        }
    }
}

/// Who made a call, as the record names them.
#[derive(Clone, Debug)]
pub struct Who {
    pub actor: String,
    pub access_mode: String,
    pub client: String,
}

impl Who {
    pub fn of(caller: &Caller, client: String) -> Who {
        let mode = serde_json::to_value(caller.mode).expect("access modes serialise");
        Who {
            actor: caller.actor.as_str().to_owned(),
            access_mode: mode.as_str().unwrap_or_default().to_owned(),
            client,
        }
    }
}

/// The client's address: the peer's, or behind a trusted reverse proxy the last address in
/// its `X-Forwarded-For` (the one it saw).
pub fn client_address(
    control: &AccessControl,
    peer: Option<SocketAddr>,
    headers: &HeaderMap,
) -> String {
    let peer_ip = peer.map(|addr| addr.ip());
    let forwarded = || {
        let last = headers.get_all("x-forwarded-for").iter().next_back()?;
        let hop = last.to_str().ok()?.rsplit(',').next()?.trim();
        hop.parse::<IpAddr>().ok()
    };
    match peer_ip {
        Some(ip) if control.trusts(Some(ip)) => forwarded().unwrap_or(ip).to_string(),
        Some(ip) => ip.to_string(),
        None => "unknown".to_owned(),
    }
}

/// The history of one proxy (one replica when several share PostgreSQL).
pub struct Activity {
    store: Store,
    /// This process's name on the records it holds.
    owner: String,
    options: ActivityOptions,
    /// Records whose call is being forwarded right now.
    in_flight: Mutex<HashSet<i64>>,
    /// The longest a call may take in the proxy, lookups included.
    call_limit: Duration,
    /// How old a call must be before asking the API may conclude that it did not happen:
    /// the API's time to answer (the upstream timeout) and a lease, so that a call the API is
    /// still taking in is never judged too early.
    settle: Duration,
}

impl Activity {
    /// Opens the store (created and migrated). `call_limit`: the proxy's request timeout;
    /// `upstream_timeout`: the longest the API is given to answer.
    pub async fn open(
        options: ActivityOptions,
        call_limit: Duration,
        upstream_timeout: Duration,
    ) -> anyhow::Result<Arc<Activity>> {
        let store = Store::open(&options.database).await?;
        let host = std::env::var("HOSTNAME").unwrap_or_else(|_| "proxy".to_owned());
        let owner = format!(
            "{host}:{}:{:08x}",
            std::process::id(),
            rand::random::<u32>()
        );
        let settle = upstream_timeout + options.lease;
        Ok(Arc::new(Activity {
            store,
            owner,
            options,
            in_flight: Mutex::default(),
            call_limit,
            settle,
        }))
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    pub fn owner(&self) -> &str {
        &self.owner
    }

    pub fn options(&self) -> &ActivityOptions {
        &self.options
    }

    fn lease_until(&self) -> i64 {
        now_ms() + ms(self.options.lease)
    }

    fn record(who: &Who, draft: &Draft, outside_scope: bool, progress: Progress) -> Record {
        Record {
            id: 0,
            started_at: draft.started_at,
            actor: who.actor.clone(),
            access_mode: who.access_mode.clone(),
            client: who.client.clone(),
            action: draft.action.name().to_owned(),
            outside_scope,
            progress,
        }
    }

    /// Writes the record of a call about to be forwarded. An error means the call must not
    /// be sent: nothing leaves the proxy without its record.
    pub async fn begin(&self, who: &Who, draft: &Draft) -> Result<i64, Refusal> {
        let record = Activity::record(who, draft, false, Progress::of(draft));
        match self
            .store
            .insert(&record, Some(&self.owner), self.lease_until())
            .await
        {
            Ok(id) => {
                self.in_flight.lock().expect("in-flight lock").insert(id);
                Ok(id)
            }
            Err(error) => {
                tracing::error!(%error, action = draft.action.name(), "activity store: cannot write; call refused");
                Err(Refusal::new(ErrorCode::ActivityUnavailable))
            }
        }
    }

    /// Completes the record with what the answer says. If that cannot be written now, the
    /// record stays `sending` and is resolved by asking the API (`follow.rs`).
    pub async fn answered(&self, id: i64, draft: &Draft, answered: Answered) {
        let progress = Progress::answered(draft, answered, now_ms());
        let written = self
            .store
            .update(id, &progress, &self.owner, self.lease_until(), Guard::Open)
            .await;
        self.in_flight.lock().expect("in-flight lock").remove(&id);
        match written {
            Ok(true) => {}
            Ok(false) => tracing::info!(id, "activity: the record was completed meanwhile"),
            Err(error) => {
                tracing::warn!(%error, id, "activity store: answer not written; it will be asked for")
            }
        }
    }

    /// Records a call the proxy refused before sending anything.
    pub async fn refused(&self, who: &Who, draft: &Draft, refusal: &Refusal) {
        let mut progress = Progress::of(draft);
        progress.outcome = Outcome::Refused;
        progress.refused_by = Some(RefusedBy::Proxy);
        progress.code = Some(refusal.code.to_string());
        progress.request_id = Some(refusal.request_id.clone());
        progress.phase = Phase::Done;
        progress.ended_at = Some(now_ms());
        // A call not known to be in the caller's scope: the entry is about the caller, not
        // about the instances it names, whose owner must not learn of them.
        let record = Activity::record(who, draft, !draft.in_scope, progress);
        if let Err(error) = self.store.insert(&record, None, 0).await {
            tracing::error!(%error, action = draft.action.name(), code = %refusal.code, "activity store: refusal not recorded");
        }
    }

    fn in_flight(&self, id: i64) -> bool {
        self.in_flight.lock().expect("in-flight lock").contains(&id)
    }
}

impl Progress {
    /// A call about to be forwarded.
    pub fn of(draft: &Draft) -> Progress {
        Progress {
            outcome: Outcome::Pending,
            answer_lost: false,
            code: None,
            refused_by: None,
            request_id: None,
            plan: draft.plan.clone(),
            instances: draft.instances.clone(),
            snapshots: draft.snapshots.clone(),
            final_state: None,
            ended_at: None,
            phase: Phase::Sending,
            attempts: 0,
            next_try_at: 0,
        }
    }

    /// What the answer makes of a call being forwarded.
    pub fn answered(draft: &Draft, answered: Answered, now: i64) -> Progress {
        let mut p = Progress::of(draft);
        match answered {
            Answered::Accepted {
                request_id,
                failed,
                snapshot_id,
            } => {
                p.outcome = Outcome::Accepted;
                p.request_id = Some(request_id);
                if let Some(id) = snapshot_id {
                    p.plan.snapshot_id = Some(id.clone());
                    p.snapshots = vec![zec_api::activity::SnapshotActivity {
                        snapshot_id: id,
                        final_state: None,
                    }];
                }
                let not_started = || Some(NOT_STARTED.to_owned());
                for instance in p
                    .instances
                    .iter_mut()
                    .filter(|i| failed.contains(&i.instance_id))
                {
                    instance.final_state = not_started();
                }
                for snapshot in p
                    .snapshots
                    .iter_mut()
                    .filter(|s| failed.contains(&s.snapshot_id))
                {
                    snapshot.final_state = not_started();
                }
                p.phase = Phase::Following;
                follow::finish_if_ended(draft.action, &mut p, now);
            }
            Answered::Refused { request_id, code } => {
                p.outcome = Outcome::Refused;
                p.refused_by = Some(RefusedBy::Api);
                p.code = Some(code);
                p.request_id = Some(request_id);
                p.phase = Phase::Done;
                p.ended_at = Some(now);
            }
            Answered::NotSent { code } => {
                p.outcome = Outcome::Refused;
                p.refused_by = Some(RefusedBy::Proxy);
                p.code = Some(code.to_string());
                p.request_id = Some(draft.request_id.clone());
                p.phase = Phase::Done;
                p.ended_at = Some(now);
            }
            Answered::Lost => {
                p.outcome = Outcome::Unknown;
                p.answer_lost = true;
                p.request_id = Some(draft.request_id.clone());
                p.phase = Phase::Resolving;
                p.next_try_at = now;
            }
        }
        p
    }
}
