package io.github.eventbus.kafka;

/**
 * Names of the Kafka record headers the relay writes. Every value is a UTF-8 string, so any consumer can
 * read them without this library: ids are UUIDs in their usual text form, numbers are decimal,
 * {@link #OCCURRED_AT} is an ISO-8601 instant. The record key is the stream id and the value is the
 * payload's JSON exactly as stored.
 */
public final class EventHeaders {

	/** The event id; consumers deduplicate by it. */
	public static final String EVENT_ID = "eventbus-event-id";

	/** The stable type name of the payload ({@link io.github.eventbus.EventType}). */
	public static final String EVENT_TYPE = "eventbus-event-type";

	/** The payload version ({@link io.github.eventbus.EventType#version()}). */
	public static final String TYPE_VERSION = "eventbus-type-version";

	/** The version of the event within its stream, from 1. */
	public static final String STREAM_VERSION = "eventbus-stream-version";

	/** The global position in the producing application's store. */
	public static final String POSITION = "eventbus-position";

	/** The correlation id, shared by every event of one causal chain. */
	public static final String CORRELATION_ID = "eventbus-correlation-id";

	/** The id of the event that caused this one; absent for a root event. */
	public static final String CAUSATION_ID = "eventbus-causation-id";

	/** When the event was stored. */
	public static final String OCCURRED_AT = "eventbus-occurred-at";

	/** Prefix of headers carrying the metadata's user entries. */
	public static final String ENTRY_PREFIX = "eventbus-entry-";

	private EventHeaders() {
	}

}
