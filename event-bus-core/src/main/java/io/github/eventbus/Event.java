package io.github.eventbus;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * The immutable envelope of one published event.
 * <p>
 * One instance is shared by every observer of the event: it is never copied, and it is safe to read from
 * any thread. Instances are created by the {@link io.github.eventbus.store.EventStore}, which assigns the
 * stream version and the global position.
 *
 * @param <T> the payload type
 */
public final class Event<T> {

	private final UUID id;

	private final @Nullable String streamId;

	private final long version;

	private final long position;

	private final String type;

	private final T payload;

	private final EventMetadata metadata;

	private final long occurredAtMicros;

	/**
	 * Creates an envelope. Meant for event stores; applications receive envelopes from the bus.
	 * @param id the event id
	 * @param streamId the stream id, or {@code null} for a stream of its own named after the event id
	 * @param version the version within the stream, from 1
	 * @param position the global position, from 1, increasing in read order (gaps allowed)
	 * @param type the stable type name
	 * @param payload the payload
	 * @param metadata the metadata; a {@code null} correlation id means "this event's own id"
	 * @param occurredAtMicros when the event was stored, in microseconds since the epoch
	 */
	public Event(UUID id, @Nullable String streamId, long version, long position, String type, T payload,
			EventMetadata metadata, long occurredAtMicros) {
		this.id = Objects.requireNonNull(id, "id");
		this.streamId = streamId;
		this.version = version;
		this.position = position;
		this.type = Objects.requireNonNull(type, "type");
		this.payload = Objects.requireNonNull(payload, "payload");
		this.metadata = Objects.requireNonNull(metadata, "metadata");
		this.occurredAtMicros = occurredAtMicros;
	}

	/** The event id: a time-ordered UUID. */
	public UUID id() {
		return this.id;
	}

	/** The id of the stream this event belongs to. */
	public String streamId() {
		return (this.streamId != null) ? this.streamId : this.id.toString();
	}

	/** The version of this event within its stream, from 1. */
	public long version() {
		return this.version;
	}

	/**
	 * The global position assigned by the store, from 1. Positions increase in the order
	 * {@link io.github.eventbus.store.EventStore#readAll(long, int)} returns events, and a stream's events have
	 * increasing positions in version order. They are not necessarily dense: the JDBC store on PostgreSQL
	 * leaves large gaps (positions are derived from transaction ids), so never compute with them (no
	 * {@code position - 1}, no {@code head - position} as a count); a follower keeps the position of the last
	 * event it read, plus one, as where it reads next.
	 * @return the position
	 */
	public long position() {
		return this.position;
	}

	/** The stable type name of the payload (see {@link EventType}). */
	public String type() {
		return this.type;
	}

	/** The payload. */
	public T payload() {
		return this.payload;
	}

	/** The metadata: correlation id (never {@code null}), causation id, user entries. */
	public EventMetadata metadata() {
		EventMetadata raw = this.metadata;
		return (raw.correlationId() != null) ? raw : new EventMetadata(this.id, raw.causationId(), raw.entries());
	}

	/** When the event was stored. */
	public Instant occurredAt() {
		return Instant.ofEpochSecond(Math.floorDiv(this.occurredAtMicros, 1_000_000L),
				Math.floorMod(this.occurredAtMicros, 1_000_000L) * 1000L);
	}

	/** When the event was stored, in microseconds since the epoch. */
	public long occurredAtMicros() {
		return this.occurredAtMicros;
	}

	@Override
	public boolean equals(@Nullable Object other) {
		return (this == other) || (other instanceof Event<?> that && this.id.equals(that.id));
	}

	@Override
	public int hashCode() {
		return this.id.hashCode();
	}

	@Override
	public String toString() {
		return "Event[" + this.type + " " + streamId() + "@" + this.version + " #" + this.position + " id=" + this.id
				+ "]";
	}

}
