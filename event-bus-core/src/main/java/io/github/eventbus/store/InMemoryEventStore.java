package io.github.eventbus.store;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.github.eventbus.Event;
import io.github.eventbus.EventMetadata;
import org.jspecify.annotations.Nullable;

/**
 * An {@link EventStore} in memory that keeps the latest {@code capacity} events: when full, the oldest
 * event is dropped, so a long-running application never grows without bound. A stream whose retained
 * events have all been dropped is forgotten, version included.
 * <p>
 * Thread-safe: appends and reads are serialized on one lock, which also makes positions visible in
 * order.
 */
final class InMemoryEventStore implements EventStore {

	private final int capacity;

	private final ArrayDeque<Event<?>> events;

	private final Map<String, ArrayDeque<Event<?>>> streams = new HashMap<>();

	private long position;

	InMemoryEventStore(int capacity) {
		if (capacity <= 0) {
			throw new IllegalArgumentException("capacity must be positive but was " + capacity);
		}
		this.capacity = capacity;
		this.events = new ArrayDeque<>(Math.min(capacity, 1024));
	}

	@Override
	public synchronized List<Event<?>> append(String streamId, long expectedVersion, List<?> payloads,
			EventMetadata metadata) {
		ArrayDeque<Event<?>> stream = this.streams.get(streamId);
		long current = (stream == null || stream.isEmpty()) ? 0 : stream.peekLast().version();
		if (expectedVersion != ANY_VERSION && expectedVersion != current) {
			throw new ConcurrencyConflictException(streamId, expectedVersion, current);
		}
		if (payloads.isEmpty()) {
			return List.of();
		}
		if (stream == null) {
			stream = new ArrayDeque<>(4);
			this.streams.put(streamId, stream);
		}
		List<Event<?>> appended = new ArrayList<>(payloads.size());
		for (Object payload : payloads) {
			Event<?> event = newEvent(streamId, ++current, payload, metadata);
			stream.addLast(event);
			retain(event);
			appended.add(event);
		}
		return appended;
	}

	@Override
	public synchronized Event<?> appendOne(@Nullable String streamId, Object payload, EventMetadata metadata) {
		if (streamId == null) {
			Event<?> event = newEvent(null, 1, payload, metadata);
			ArrayDeque<Event<?>> stream = new ArrayDeque<>(1);
			stream.add(event);
			this.streams.put(event.streamId(), stream);
			retain(event);
			return event;
		}
		return append(streamId, ANY_VERSION, List.of(payload), metadata).get(0);
	}

	private Event<?> newEvent(@Nullable String streamId, long version, Object payload, EventMetadata metadata) {
		long millis = System.currentTimeMillis();
		return new Event<>(EventIds.next(millis), streamId, version, ++this.position,
				EventTypes.nameOf(payload.getClass()), payload, metadata, millis * 1000L);
	}

	private void retain(Event<?> event) {
		this.events.addLast(event);
		if (this.events.size() > this.capacity) {
			Event<?> dropped = this.events.removeFirst();
			String droppedStream = dropped.streamId();
			ArrayDeque<Event<?>> stream = this.streams.get(droppedStream);
			if (stream != null) {
				stream.pollFirst();
				if (stream.isEmpty()) {
					this.streams.remove(droppedStream);
				}
			}
		}
	}

	@Override
	public synchronized List<Event<?>> readStream(String streamId) {
		ArrayDeque<Event<?>> stream = this.streams.get(streamId);
		return (stream != null) ? List.copyOf(stream) : List.of();
	}

	@Override
	public synchronized List<Event<?>> readAll(long fromPosition, int limit) {
		if (this.events.isEmpty() || limit <= 0) {
			return List.of();
		}
		long oldest = this.events.peekFirst().position();
		List<Event<?>> result = new ArrayList<>(Math.min(limit, this.events.size()));
		int skip = (int) Math.max(0, fromPosition - oldest);
		if (skip >= this.events.size()) {
			return List.of();
		}
		var iterator = this.events.iterator();
		for (int i = 0; i < skip; i++) {
			iterator.next();
		}
		while (iterator.hasNext() && result.size() < limit) {
			result.add(iterator.next());
		}
		return result;
	}

	@Override
	public synchronized long headPosition() {
		return this.position;
	}

	/** How many events are retained now. */
	public synchronized int size() {
		return this.events.size();
	}

}
