-- Event store tables for PostgreSQL. @@prefix@@ is replaced by the table prefix (default eventbus_).
CREATE TABLE IF NOT EXISTS @@prefix@@events (
    position     BIGINT      NOT NULL PRIMARY KEY,
    event_id     UUID        NOT NULL,
    stream_id    TEXT        NOT NULL,
    version      BIGINT      NOT NULL,
    type_name    TEXT        NOT NULL,
    type_version INT         NOT NULL,
    payload      JSONB       NOT NULL,
    metadata     JSONB,
    occurred_at  TIMESTAMPTZ NOT NULL,
    CONSTRAINT @@prefix@@events_stream_version UNIQUE (stream_id, version),
    CONSTRAINT @@prefix@@events_event_id UNIQUE (event_id)
);

-- One row: the store's identity, drawn when the tables are created. Followers keep it with their checkpoints,
-- so a checkpoint taken on another store (another prefix, another database) is refused instead of skipping.
-- schema_version counts the changes made to this script's tables (see docs/store.md, "Schema changes").
CREATE TABLE IF NOT EXISTS @@prefix@@store (
    id             INT                      NOT NULL PRIMARY KEY,
    store_id       VARCHAR(36)              NOT NULL,
    schema_version INT                      NOT NULL,
    created_at     TIMESTAMP WITH TIME ZONE NOT NULL
);

INSERT INTO @@prefix@@store (id, store_id, schema_version, created_at)
SELECT 1, CAST(gen_random_uuid() AS VARCHAR(36)), 2, CURRENT_TIMESTAMP
WHERE NOT EXISTS (SELECT 1 FROM @@prefix@@store WHERE id = 1);

-- Schema version 2: positions from transaction ids instead of a head row every appender locked (see
-- docs/store.md). A new position is (xid << 20) + k, xid the appending transaction's id; readers stop below
-- the oldest running transaction's id << 20. One row per stream holds its version and last position: the
-- appending transaction locks it until it commits, so appends to one stream are ordered and version checks
-- exact, while appends to different streams run in parallel. Table <prefix>head is no longer used.
CREATE TABLE IF NOT EXISTS @@prefix@@streams (
    stream_id     TEXT   NOT NULL PRIMARY KEY,
    version       BIGINT NOT NULL,
    last_position BIGINT NOT NULL
);

-- Upgrade from version 1 (stop every instance first): new positions start at the next transaction id << 20,
-- so they must lie above the stored, dense ones. Fails, naming the cause, if they do not.
SELECT CASE WHEN COALESCE(MAX(position), 0)
        < (CAST(CAST(pg_snapshot_xmax(pg_current_snapshot()) AS text) AS bigint) << 20) THEN 0
    ELSE CAST('eventbus: @@prefix@@events holds positions up to ' || MAX(position)
        || ', above the positions new transactions get; see docs/store.md, Backups and restores' AS INT) END
FROM @@prefix@@events;

-- Upgrade from version 1: every existing stream gets its row, once.
INSERT INTO @@prefix@@streams (stream_id, version, last_position)
SELECT stream_id, MAX(version), MAX(position) FROM @@prefix@@events
WHERE (SELECT MAX(schema_version) FROM @@prefix@@store) < 2
GROUP BY stream_id
ON CONFLICT (stream_id) DO NOTHING;

UPDATE @@prefix@@store SET schema_version = 2 WHERE schema_version < 2;
