-- The activity history (crates/zec-proxy/src/activity/): one row per state-changing call the
-- proxy handled. Times are Unix milliseconds; plan, instances and snapshots are JSON
-- (zec_api::activity types), never holding a password, user data or key material. The same
-- columns as migrations/sqlite, with PostgreSQL's types.
CREATE TABLE activity (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    started_at    BIGINT NOT NULL,
    actor         TEXT   NOT NULL,
    access_mode   TEXT   NOT NULL,
    client        TEXT   NOT NULL,
    action        TEXT   NOT NULL,
    plan          TEXT   NOT NULL,
    instances     TEXT   NOT NULL,
    snapshots     TEXT   NOT NULL,
    -- 1: refused because the caller was outside its scope; shown to unrestricted viewers only.
    outside_scope BIGINT NOT NULL DEFAULT 0,
    outcome       TEXT   NOT NULL,
    answer_lost   BIGINT NOT NULL DEFAULT 0,
    code          TEXT,
    refused_by    TEXT,
    request_id    TEXT,
    final_state   TEXT,
    ended_at      BIGINT,
    -- sending | following | resolving | done; open rows are held by one replica (owner)
    -- until lease_until, renewed while it lives.
    phase         TEXT   NOT NULL,
    owner         TEXT,
    lease_until   BIGINT NOT NULL DEFAULT 0,
    attempts      BIGINT NOT NULL DEFAULT 0,
    next_try_at   BIGINT NOT NULL DEFAULT 0
);

-- Which instances each call concerned: what the history is filtered and scoped by.
CREATE TABLE activity_instance (
    instance_id TEXT   NOT NULL,
    activity_id BIGINT NOT NULL REFERENCES activity (id) ON DELETE CASCADE,
    PRIMARY KEY (instance_id, activity_id)
);

CREATE INDEX activity_open ON activity (lease_until) WHERE phase <> 'done';
CREATE INDEX activity_owner ON activity (owner) WHERE phase <> 'done';
CREATE INDEX activity_started ON activity (started_at);
CREATE INDEX activity_instance_activity ON activity_instance (activity_id);
