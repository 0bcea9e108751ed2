//! The activity store: one interface, [`Store`], over SQLite (a file: one proxy) and
//! PostgreSQL (several proxies sharing one history). Queries are checked at run time, so no
//! database is needed to build; the schema is `migrations/sqlite` and `migrations/postgres`,
//! applied when the store is opened. Both backends run the same SQL except where noted.
//!
//! Every change to an open record is a conditional UPDATE ([`Guard`]: on its phase, and for a
//! replica's follow-up on its owner), so a record reaches [`Phase::Done`] exactly once,
//! whatever several replicas do at the same moment.

use std::str::FromStr;
use std::time::Duration;

use anyhow::Context;
use sqlx::postgres::{PgPool, PgPoolOptions};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};

use super::record::Row;
pub use super::record::{Filter, Guard, Phase, Progress, Record};

/// The history's database.
#[derive(Clone, Debug)]
pub enum Store {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

/// Runs the same code on either pool (each arm is compiled for its own database).
macro_rules! on_pool {
    ($store:expr, $pool:ident => $body:expr) => {
        match $store {
            Store::Sqlite($pool) => $body,
            Store::Postgres($pool) => $body,
        }
    };
}

const COLUMNS: &str = "id, started_at, actor, access_mode, client, action, plan, instances, \
    snapshots, outside_scope, outcome, answer_lost, code, refused_by, request_id, final_state, \
    ended_at, phase, attempts, next_try_at";

/// How long a call waits for a database connection before the store counts as unavailable.
const ACQUIRE_TIMEOUT: Duration = Duration::from_secs(5);

impl Store {
    /// Opens (creating an SQLite file if needed) and migrates: `sqlite:PATH`,
    /// `sqlite::memory:` or `postgres://user@host/db`.
    pub async fn open(url: &str) -> anyhow::Result<Store> {
        if url.starts_with("sqlite:") {
            Store::open_sqlite(url).await
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            let pool = PgPoolOptions::new()
                .max_connections(8)
                .acquire_timeout(ACQUIRE_TIMEOUT)
                .connect(url)
                .await
                .context("--database: cannot connect to PostgreSQL")?;
            sqlx::migrate!("./migrations/postgres")
                .run(&pool)
                .await
                .context("--database: cannot migrate the PostgreSQL schema")?;
            Ok(Store::Postgres(pool))
        } else {
            anyhow::bail!("--database must be sqlite:PATH or postgres://…")
        }
    }

    async fn open_sqlite(url: &str) -> anyhow::Result<Store> {
        let in_memory = url.contains(":memory:") || url.contains("mode=memory");
        let mut options = SqliteConnectOptions::from_str(url)
            .context("--database: not an SQLite address")?
            .create_if_missing(true)
            .busy_timeout(Duration::from_secs(5))
            .foreign_keys(true);
        if !in_memory {
            // An audit record must survive a power cut once the call was let through.
            options = options
                .journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Full);
        }
        // An in-memory database lives as long as its one connection.
        let pool = SqlitePoolOptions::new()
            .max_connections(if in_memory { 1 } else { 4 })
            .min_connections(if in_memory { 1 } else { 0 })
            .idle_timeout(None)
            .max_lifetime(None)
            .acquire_timeout(ACQUIRE_TIMEOUT)
            .connect_with(options)
            .await
            .with_context(|| format!("--database: cannot open {url}"))?;
        sqlx::migrate!("./migrations/sqlite")
            .run(&pool)
            .await
            .context("--database: cannot migrate the SQLite schema")?;
        Ok(Store::Sqlite(pool))
    }

    /// "sqlite" or "postgres".
    pub fn backend(&self) -> &'static str {
        match self {
            Store::Sqlite(_) => "sqlite",
            Store::Postgres(_) => "postgres",
        }
    }

    /// Writes a new record (and which instances it concerns); returns its id.
    pub async fn insert(
        &self,
        record: &Record,
        owner: Option<&str>,
        lease_until: i64,
    ) -> Result<i64, sqlx::Error> {
        let p = &record.progress;
        let (plan, instances, snapshots) = p.json();
        let instance_ids = record.instance_ids();
        let sql = "INSERT INTO activity (started_at, actor, access_mode, client, action, plan, \
            instances, snapshots, outside_scope, outcome, answer_lost, code, refused_by, \
            request_id, final_state, ended_at, phase, owner, lease_until, attempts, next_try_at) \
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, \
            $18, $19, $20, $21) RETURNING id";
        on_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            let (id,): (i64,) = sqlx::query_as(sql)
                .bind(record.started_at)
                .bind(&record.actor)
                .bind(&record.access_mode)
                .bind(&record.client)
                .bind(&record.action)
                .bind(&plan)
                .bind(&instances)
                .bind(&snapshots)
                .bind(i64::from(record.outside_scope))
                .bind(p.outcome.as_str())
                .bind(i64::from(p.answer_lost))
                .bind(&p.code)
                .bind(p.refused_by.map(|by| by.as_str()))
                .bind(&p.request_id)
                .bind(&p.final_state)
                .bind(p.ended_at)
                .bind(p.phase.as_str())
                .bind(owner)
                .bind(lease_until)
                .bind(p.attempts)
                .bind(p.next_try_at)
                .fetch_one(&mut *tx)
                .await?;
            for instance_id in &instance_ids {
                sqlx::query("INSERT INTO activity_instance (instance_id, activity_id) VALUES ($1, $2)")
                    .bind(instance_id)
                    .bind(id)
                    .execute(&mut *tx)
                    .await?;
            }
            tx.commit().await?;
            Ok(id)
        })
    }

    /// Writes a record's progress if `guard` still holds; false when it did not (another
    /// replica, or an earlier change, got there first). `owner` then holds it until
    /// `lease_until`.
    pub async fn update(
        &self,
        id: i64,
        progress: &Progress,
        owner: &str,
        lease_until: i64,
        guard: Guard<'_>,
    ) -> Result<bool, sqlx::Error> {
        let p = progress;
        let (plan, instances, snapshots) = p.json();
        let (condition, phase, held_by) = match guard {
            Guard::Open => ("phase IN ('sending', 'resolving')", None, None),
            Guard::Held { phase, owner } => (
                "phase = $17 AND owner = $18",
                Some(phase.as_str()),
                Some(owner),
            ),
        };
        let sql = format!(
            "UPDATE activity SET outcome = $2, answer_lost = $3, code = $4, refused_by = $5, \
             request_id = $6, plan = $7, instances = $8, snapshots = $9, final_state = $10, \
             ended_at = $11, phase = $12, attempts = $13, next_try_at = $14, owner = $15, \
             lease_until = $16 WHERE id = $1 AND {condition}"
        );
        let changed = on_pool!(self, pool => {
            let mut query = sqlx::query(&sql)
                .bind(id)
                .bind(p.outcome.as_str())
                .bind(i64::from(p.answer_lost))
                .bind(&p.code)
                .bind(p.refused_by.map(|by| by.as_str()))
                .bind(&p.request_id)
                .bind(&plan)
                .bind(&instances)
                .bind(&snapshots)
                .bind(&p.final_state)
                .bind(p.ended_at)
                .bind(p.phase.as_str())
                .bind(p.attempts)
                .bind(p.next_try_at)
                .bind(owner)
                .bind(lease_until);
            if let (Some(phase), Some(held_by)) = (phase, held_by) {
                query = query.bind(phase).bind(held_by);
            }
            query.execute(pool).await?.rows_affected()
        });
        Ok(changed == 1)
    }

    /// Extends the lease of every open record `owner` holds.
    pub async fn renew(&self, owner: &str, lease_until: i64) -> Result<u64, sqlx::Error> {
        let sql = "UPDATE activity SET lease_until = $2 WHERE owner = $1 AND phase <> 'done'";
        on_pool!(self, pool => Ok(sqlx::query(sql)
            .bind(owner)
            .bind(lease_until)
            .execute(pool)
            .await?
            .rows_affected()))
    }

    /// Takes over (at most `limit`) open records whose lease ran out: their replica stopped.
    /// A record it was still sending has lost its answer: it is to be resolved by asking the
    /// API. The lease is checked again on the row itself, so two replicas never both take one.
    pub async fn claim(
        &self,
        owner: &str,
        now: i64,
        lease_until: i64,
        limit: i64,
    ) -> Result<u64, sqlx::Error> {
        let sql = "UPDATE activity SET owner = $1, lease_until = $2, \
            outcome = CASE WHEN phase = 'sending' THEN 'unknown' ELSE outcome END, \
            answer_lost = CASE WHEN phase = 'sending' THEN 1 ELSE answer_lost END, \
            phase = CASE WHEN phase = 'sending' THEN 'resolving' ELSE phase END \
            WHERE phase <> 'done' AND lease_until < $3 AND id IN (SELECT id FROM activity \
            WHERE phase <> 'done' AND lease_until < $3 ORDER BY id LIMIT $4)";
        on_pool!(self, pool => Ok(sqlx::query(sql)
            .bind(owner)
            .bind(lease_until)
            .bind(now)
            .bind(limit)
            .execute(pool)
            .await?
            .rows_affected()))
    }

    /// The open records `owner` holds, oldest first.
    pub async fn held(&self, owner: &str) -> Result<Vec<Record>, sqlx::Error> {
        let sql = format!(
            "SELECT {COLUMNS} FROM activity WHERE owner = $1 AND phase <> 'done' ORDER BY id"
        );
        let rows: Vec<Row> =
            on_pool!(self, pool => sqlx::query_as(&sql).bind(owner).fetch_all(pool).await?);
        rows.into_iter().map(Record::try_from).collect()
    }

    /// At most `limit` records matching `filter` with ids below `before`, newest first.
    pub async fn page(
        &self,
        filter: &Filter<'_>,
        before: i64,
        limit: i64,
    ) -> Result<Vec<Record>, sqlx::Error> {
        let select = format!("SELECT {COLUMNS} FROM activity WHERE id < $1");
        let order = "ORDER BY id DESC LIMIT $2";
        let of_instances = "id IN (SELECT activity_id FROM activity_instance WHERE instance_id";
        let rows: Vec<Row> = match filter {
            Filter::All => {
                let sql = format!("{select} {order}");
                on_pool!(self, pool => sqlx::query_as(&sql)
                    .bind(before).bind(limit).fetch_all(pool).await?)
            }
            Filter::Instance { id, outside_scope } => {
                let scoped = if *outside_scope {
                    ""
                } else {
                    "AND outside_scope = 0"
                };
                let sql = format!("{select} AND {of_instances} = $3) {scoped} {order}");
                on_pool!(self, pool => sqlx::query_as(&sql)
                    .bind(before).bind(limit).bind(*id).fetch_all(pool).await?)
            }
            // The one place the SQL differs: a list of ids is a JSON array SQLite unpacks, and
            // an array PostgreSQL compares with ANY.
            Filter::Instances(ids) => match self {
                Store::Sqlite(pool) => {
                    let sql = format!(
                        "{select} AND {of_instances} IN (SELECT value FROM json_each($3))) \
                         AND outside_scope = 0 {order}"
                    );
                    let ids = serde_json::to_string(ids).expect("ids serialise");
                    sqlx::query_as(&sql)
                        .bind(before)
                        .bind(limit)
                        .bind(ids)
                        .fetch_all(pool)
                        .await?
                }
                Store::Postgres(pool) => {
                    let sql = format!(
                        "{select} AND {of_instances} = ANY($3)) AND outside_scope = 0 {order}"
                    );
                    sqlx::query_as(&sql)
                        .bind(before)
                        .bind(limit)
                        .bind(ids.to_vec())
                        .fetch_all(pool)
                        .await?
                }
            },
        };
        rows.into_iter().map(Record::try_from).collect()
    }

    /// Deletes the finished records that started before `before` (Unix ms).
    pub async fn purge(&self, before: i64) -> Result<u64, sqlx::Error> {
        let old = "SELECT id FROM activity WHERE phase = 'done' AND started_at < $1";
        let instances = format!("DELETE FROM activity_instance WHERE activity_id IN ({old})");
        let records = "DELETE FROM activity WHERE phase = 'done' AND started_at < $1";
        on_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            sqlx::query(&instances).bind(before).execute(&mut *tx).await?;
            let deleted = sqlx::query(records).bind(before).execute(&mut *tx).await?;
            tx.commit().await?;
            Ok(deleted.rows_affected())
        })
    }
}
