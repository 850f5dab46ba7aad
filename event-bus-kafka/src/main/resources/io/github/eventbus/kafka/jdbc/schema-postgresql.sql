-- Kafka observers: the events each observer has handled, for deduplication of redelivered records.
-- Table names start with the configured prefix (@@prefix@@).
CREATE TABLE IF NOT EXISTS @@prefix@@kafka_processed (
    observer_id  VARCHAR(255)             NOT NULL,
    event_id     VARCHAR(36)              NOT NULL,
    processed_at TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (observer_id, event_id)
);

CREATE INDEX IF NOT EXISTS @@prefix@@kafka_processed_at_idx ON @@prefix@@kafka_processed (processed_at);
