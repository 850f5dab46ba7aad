-- The events script of schema version 1 (head row, dense positions), as released: the upgrade test starts from it.
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

-- One row: the highest position written. Appending transactions update it first and hold its lock until
-- they commit, so positions become visible in order and readers never skip one.
CREATE TABLE IF NOT EXISTS @@prefix@@head (
    id       INT    NOT NULL PRIMARY KEY,
    position BIGINT NOT NULL
);

INSERT INTO @@prefix@@head (id, position)
SELECT 1, (SELECT COALESCE(MAX(position), 0) FROM @@prefix@@events)
WHERE NOT EXISTS (SELECT 1 FROM @@prefix@@head WHERE id = 1);

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
SELECT 1, CAST(gen_random_uuid() AS VARCHAR(36)), 1, CURRENT_TIMESTAMP
WHERE NOT EXISTS (SELECT 1 FROM @@prefix@@store WHERE id = 1);
