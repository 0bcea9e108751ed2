//! The store's contract, the same checks against SQLite (always) and a real PostgreSQL (a
//! throwaway cluster, `support/postgres.rs`): conditional updates, leases taken over exactly
//! once by racing replicas, pages scoped and newest first, the purge.

mod support;

use std::collections::HashSet;
use std::sync::Arc;

use support::postgres::Postgres;
use zec_api::activity::{ActivityPlan, InstanceActivity, Login, Outcome, RefusedBy};
use zec_proxy::activity::{Filter, Guard, Phase, Progress, Record, Store};

fn record(started_at: i64, actor: &str, instances: &[&str], phase: Phase) -> Record {
    Record {
        id: 0,
        started_at,
        actor: actor.to_owned(),
        access_mode: "session".to_owned(),
        client: "192.0.2.7".to_owned(),
        action: "ResetInstance".to_owned(),
        outside_scope: false,
        progress: Progress {
            outcome: Outcome::Pending,
            answer_lost: false,
            code: None,
            refused_by: None,
            request_id: None,
            plan: ActivityPlan {
                image_id: Some("img-debian-12".into()),
                login: Some(Login::KeyPair),
                key_id: Some("key-laptop".into()),
                user_data_bytes: Some(120),
                ..ActivityPlan::default()
            },
            instances: instances
                .iter()
                .map(|id| InstanceActivity {
                    instance_id: id.to_string(),
                    image_name_before: Some("Ubuntu 22.04".into()),
                    ..InstanceActivity::default()
                })
                .collect(),
            snapshots: Vec::new(),
            final_state: None,
            ended_at: None,
            phase,
            attempts: 0,
            next_try_at: 0,
        },
    }
}

fn done(mut progress: Progress, state: &str, at: i64) -> Progress {
    progress.final_state = Some(state.to_owned());
    progress.ended_at = Some(at);
    progress.phase = Phase::Done;
    progress
}

async fn ids(store: &Store, filter: Filter<'_>, before: i64, limit: i64) -> Vec<i64> {
    let page = store.page(&filter, before, limit).await.unwrap();
    page.iter().map(|record| record.id).collect()
}

/// Every check of the contract, on one store.
async fn keeps_its_contract(store: Store) {
    // Written, read back whole.
    let sending = record(1_000, "alice", &["ins-a1"], Phase::Sending);
    let id = store
        .insert(&sending, Some("replica-a"), 5_000)
        .await
        .unwrap();
    let held = store.held("replica-a").await.unwrap();
    assert_eq!(held.len(), 1);
    assert_eq!(held[0].progress, sending.progress);
    assert_eq!((held[0].id, held[0].actor.as_str()), (id, "alice"));

    // The answer completes an open record once; a replica that does not hold it cannot.
    let mut accepted = sending.progress.clone();
    accepted.outcome = Outcome::Accepted;
    accepted.request_id = Some("req-1".into());
    accepted.phase = Phase::Following;
    let update = |progress: &Progress, owner: &str, guard| {
        let (store, progress, owner) = (store.clone(), progress.clone(), owner.to_owned());
        async move {
            store
                .update(id, &progress, &owner, 5_000, guard)
                .await
                .unwrap()
        }
    };
    assert!(update(&accepted, "replica-a", Guard::Open).await);
    assert!(
        !update(&accepted, "replica-a", Guard::Open).await,
        "already answered"
    );
    let finished = done(accepted.clone(), "RUNNING", 2_000);
    let held_by_b = Guard::Held {
        phase: Phase::Following,
        owner: "replica-b",
    };
    assert!(
        !update(&finished, "replica-b", held_by_b).await,
        "b does not hold it"
    );
    let held_by_a = Guard::Held {
        phase: Phase::Following,
        owner: "replica-a",
    };
    assert!(update(&finished, "replica-a", held_by_a).await);
    assert!(
        !update(&finished, "replica-a", held_by_a).await,
        "completed once"
    );
    assert!(store.held("replica-a").await.unwrap().is_empty());

    // Leases: renewed by their holder; taken over only once they ran out.
    let open = store
        .insert(
            &record(3_000, "bob", &["ins-b1"], Phase::Sending),
            Some("replica-a"),
            10_000,
        )
        .await
        .unwrap();
    assert_eq!(
        store.claim("replica-b", 9_000, 20_000, 100).await.unwrap(),
        0
    );
    assert_eq!(store.renew("replica-a", 12_000).await.unwrap(), 1);
    assert_eq!(
        store.claim("replica-b", 11_000, 20_000, 100).await.unwrap(),
        0
    );
    assert_eq!(
        store.claim("replica-b", 12_001, 20_000, 100).await.unwrap(),
        1
    );
    let taken = store.held("replica-b").await.unwrap();
    assert_eq!(taken[0].id, open);
    // A record taken over while sending lost its answer: it is to be resolved.
    assert_eq!(taken[0].progress.phase, Phase::Resolving);
    assert_eq!(taken[0].progress.outcome, Outcome::Unknown);
    assert!(taken[0].progress.answer_lost);
    assert_eq!(
        store.renew("replica-a", 30_000).await.unwrap(),
        0,
        "a lost it"
    );

    // Refusals (one outside its caller's scope), then pages.
    let mut refused = record(4_000, "mallory", &["ins-a1"], Phase::Done);
    refused.outside_scope = true;
    refused.progress.outcome = Outcome::Refused;
    refused.progress.refused_by = Some(RefusedBy::Proxy);
    refused.progress.code = Some("RESOURCE_NOT_ALLOWED".into());
    let outside = store.insert(&refused, None, 0).await.unwrap();
    let both = store
        .insert(
            &record(5_000, "carol", &["ins-a1", "ins-b1"], Phase::Done),
            None,
            0,
        )
        .await
        .unwrap();
    assert_eq!(
        ids(&store, Filter::All, i64::MAX, 10).await,
        [both, outside, open, id]
    );
    assert_eq!(ids(&store, Filter::All, i64::MAX, 2).await, [both, outside]);
    assert_eq!(ids(&store, Filter::All, outside, 2).await, [open, id]);
    let a1 = |outside_scope| Filter::Instance {
        id: "ins-a1",
        outside_scope,
    };
    assert_eq!(
        ids(&store, a1(true), i64::MAX, 10).await,
        [both, outside, id]
    );
    assert_eq!(ids(&store, a1(false), i64::MAX, 10).await, [both, id]);
    let scope = ["ins-b1".to_owned(), "ins-zz".to_owned()];
    assert_eq!(
        ids(&store, Filter::Instances(&scope), i64::MAX, 10).await,
        [both, open]
    );
    assert!(ids(&store, Filter::Instances(&[]), i64::MAX, 10)
        .await
        .is_empty());
    // Ids are data, never SQL.
    let quote = ["ins-a1') OR ('1'='1".to_owned()];
    assert!(ids(&store, Filter::Instances(&quote), i64::MAX, 10)
        .await
        .is_empty());

    // The purge takes finished records started before the cut, and only those.
    assert_eq!(store.purge(4_500).await.unwrap(), 2);
    assert_eq!(ids(&store, Filter::All, i64::MAX, 10).await, [both, open]);
    assert_eq!(ids(&store, a1(true), i64::MAX, 10).await, [both]);
}

/// Eight replicas race to take over forty abandoned records and to complete each: every
/// record is taken by one and completed once.
async fn completes_each_record_once_under_racing_replicas(store: Store) {
    let mut abandoned = HashSet::new();
    for n in 0..40 {
        let id = store
            .insert(
                &record(n, "dave", &["ins-d1"], Phase::Following),
                Some("gone"),
                100,
            )
            .await
            .unwrap();
        abandoned.insert(id);
    }
    let store = Arc::new(store);
    let mut replicas = Vec::new();
    for replica in 0..8 {
        let store = store.clone();
        replicas.push(tokio::spawn(async move {
            let owner = format!("replica-{replica}");
            let mut completed = Vec::new();
            for _ in 0..3 {
                store.claim(&owner, 1_000, 60_000, 7).await.unwrap();
                for held in store.held(&owner).await.unwrap() {
                    let finished = done(held.progress.clone(), "RUNNING", 2_000);
                    let guard = Guard::Held {
                        phase: Phase::Following,
                        owner: &owner,
                    };
                    // Both the claimant and a stale "owner" try; only the holder may.
                    let stale = Guard::Held {
                        phase: Phase::Following,
                        owner: "gone",
                    };
                    assert!(!store
                        .update(held.id, &finished, "gone", 60_000, stale)
                        .await
                        .unwrap());
                    if store
                        .update(held.id, &finished, &owner, 60_000, guard)
                        .await
                        .unwrap()
                    {
                        completed.push(held.id);
                    }
                }
            }
            completed
        }));
    }
    let mut completed = Vec::new();
    for replica in replicas {
        completed.extend(replica.await.unwrap());
    }
    completed.sort();
    let unique: HashSet<i64> = completed.iter().copied().collect();
    assert_eq!(
        unique.len(),
        completed.len(),
        "a record was completed twice"
    );
    assert_eq!(unique, abandoned, "every abandoned record was completed");
}

/// An SQLite file in a directory of its own, removed with it.
struct SqliteFile(std::path::PathBuf);

impl SqliteFile {
    fn new(name: &str) -> SqliteFile {
        let dir = std::env::temp_dir().join(format!("zec-store-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        SqliteFile(dir)
    }

    fn url(&self) -> String {
        format!("sqlite:{}", self.0.join("activity.sqlite3").display())
    }
}

impl Drop for SqliteFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sqlite_keeps_the_store_contract() {
    let (contract, race) = (SqliteFile::new("contract"), SqliteFile::new("race"));
    keeps_its_contract(Store::open(&contract.url()).await.unwrap()).await;
    let store = Store::open(&race.url()).await.unwrap();
    completes_each_record_once_under_racing_replicas(store).await;
    // In memory (the library's default) too.
    keeps_its_contract(Store::open("sqlite::memory:").await.unwrap()).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn postgres_keeps_the_store_contract() {
    let Some(postgres) = Postgres::start() else {
        return;
    };
    // Replicas starting together migrate the schema once.
    let (a, b) = tokio::join!(Store::open(&postgres.url), Store::open(&postgres.url));
    let (a, b) = (a.unwrap(), b.unwrap());
    assert_eq!((a.backend(), b.backend()), ("postgres", "postgres"));
    keeps_its_contract(a).await;
    // A fresh history for the race: the contract's records are purged or done.
    b.purge(i64::MAX).await.unwrap();
    completes_each_record_once_under_racing_replicas(b).await;
}
