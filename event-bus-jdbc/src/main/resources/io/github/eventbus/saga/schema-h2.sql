-- Sagas: instances with their state as JSON, their association values and their deadlines. Table names
-- start with the configured prefix (@@prefix@@); due times are epoch milliseconds.
CREATE TABLE IF NOT EXISTS @@prefix@@saga (
    saga_type VARCHAR(255) NOT NULL,
    saga_id VARCHAR(64) NOT NULL,
    saga_state CHARACTER LARGE OBJECT NOT NULL,
    saga_version BIGINT NOT NULL,
    last_position BIGINT NOT NULL,
    ended BOOLEAN NOT NULL,
    updated_at TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (saga_type, saga_id)
);

CREATE TABLE IF NOT EXISTS @@prefix@@saga_association (
    saga_type VARCHAR(255) NOT NULL,
    association_key VARCHAR(255) NOT NULL,
    association_value VARCHAR(500) NOT NULL,
    saga_id VARCHAR(64) NOT NULL,
    PRIMARY KEY (saga_type, association_key, association_value)
);

CREATE INDEX IF NOT EXISTS @@prefix@@saga_association_saga_idx ON @@prefix@@saga_association (saga_type, saga_id);

CREATE TABLE IF NOT EXISTS @@prefix@@saga_deadline (
    deadline_id VARCHAR(64) NOT NULL PRIMARY KEY,
    saga_type VARCHAR(255) NOT NULL,
    saga_id VARCHAR(64) NOT NULL,
    deadline_name VARCHAR(255) NOT NULL,
    due_at BIGINT NOT NULL,
    payload CHARACTER LARGE OBJECT,
    fired BOOLEAN NOT NULL
);

CREATE INDEX IF NOT EXISTS @@prefix@@saga_deadline_due_idx ON @@prefix@@saga_deadline (fired, due_at);

CREATE INDEX IF NOT EXISTS @@prefix@@saga_deadline_saga_idx ON @@prefix@@saga_deadline (saga_type, saga_id);
