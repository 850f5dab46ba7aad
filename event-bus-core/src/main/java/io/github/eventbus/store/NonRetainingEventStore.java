package io.github.eventbus.store;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.github.eventbus.Event;
import io.github.eventbus.EventMetadata;
import org.jspecify.annotations.Nullable;

/**
 * An {@link EventStore} that retains no events ({@code eventbus.store.type=none}): it assigns ids,
 * versions and positions, then forgets the events. Reads return nothing.
 * <p>
 * To number versions it remembers the current version of streams that were published to by name, up to
 * {@value #MAX_TRACKED_STREAMS} of them; past that it forgets them all and versions start again from 1.
 * Events published without a stream id (a stream of their own) cost no memory at all.
 */
final class NonRetainingEventStore implements EventStore {

	static final int MAX_TRACKED_STREAMS = 100_000;

	private final AtomicLong position = new AtomicLong();

	private final ConcurrentHashMap<String, AtomicLong> versions = new ConcurrentHashMap<>();

	@Override
	public List<Event<?>> append(String streamId, long expectedVersion, List<?> payloads, EventMetadata metadata) {
		AtomicLong version = versionOf(streamId);
		synchronized (version) {
			long current = version.get();
			if (expectedVersion != ANY_VERSION && expectedVersion != current) {
				throw new ConcurrencyConflictException(streamId, expectedVersion, current);
			}
			List<Event<?>> appended = new ArrayList<>(payloads.size());
			for (Object payload : payloads) {
				appended.add(newEvent(streamId, version.incrementAndGet(), payload, metadata));
			}
			return appended;
		}
	}

	@Override
	public Event<?> appendOne(@Nullable String streamId, Object payload, EventMetadata metadata) {
		if (streamId == null) {
			return newEvent(null, 1, payload, metadata);
		}
		AtomicLong version = versionOf(streamId);
		synchronized (version) {
			return newEvent(streamId, version.incrementAndGet(), payload, metadata);
		}
	}

	private AtomicLong versionOf(String streamId) {
		AtomicLong version = this.versions.get(streamId);
		if (version == null) {
			if (this.versions.size() >= MAX_TRACKED_STREAMS) {
				this.versions.clear();
			}
			version = this.versions.computeIfAbsent(streamId, (id) -> new AtomicLong());
		}
		return version;
	}

	private Event<?> newEvent(@Nullable String streamId, long version, Object payload, EventMetadata metadata) {
		long millis = System.currentTimeMillis();
		return new Event<>(EventIds.next(millis), streamId, version, this.position.incrementAndGet(),
				EventTypes.nameOf(payload.getClass()), payload, metadata, millis * 1000L);
	}

	@Override
	public List<Event<?>> readStream(String streamId) {
		return List.of();
	}

	@Override
	public List<Event<?>> readAll(long fromPosition, int limit) {
		return List.of();
	}

	@Override
	public long headPosition() {
		return this.position.get();
	}

}
