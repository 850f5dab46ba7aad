package io.github.eventbus.durable;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.eventbus.Event;
import io.github.eventbus.deadletter.DeadLetter;
import io.github.eventbus.deadletter.DeadLetter.Status;
import io.github.eventbus.deadletter.DeadLetterStore;
import io.github.eventbus.store.EventStore;
import org.jspecify.annotations.Nullable;

/**
 * What the dead letters of one observer hold back ({@link Ownership#blockingKey}): their stream, or for an
 * observer segmented by its ordering key (a saga by saga instance), the key of their event, which only
 * the event tells: it is read from the event store and remembered (a key, once known, never changes).
 * So a dead letter blocks, and is replayed, in the segment that handles its key.
 * <p>
 * Not thread-safe: used by one worker loop at a time.
 */
final class BlockingKeys {

	private static final int PAGE = 500;

	private static final int CACHE_SIZE = 4096;

	private final String observerId;

	private final DeadLetterStore deadLetters;

	private final EventStore store;

	private final Ownership ownership;

	/** Entry id to the key of its event. */
	private final Map<Long, String> keys = new LinkedHashMap<>(64, 0.75f, true) {
		@Override
		protected boolean removeEldestEntry(Map.Entry<Long, String> eldest) {
			return size() > CACHE_SIZE;
		}
	};

	BlockingKeys(String observerId, DeadLetterStore deadLetters, EventStore store, Ownership ownership) {
		this.observerId = observerId;
		this.deadLetters = deadLetters;
		this.store = store;
		this.ownership = ownership;
	}

	private boolean byStream() {
		return !this.ownership.segmentedByKey();
	}

	/** The key an entry holds back: its stream, or its event's key (the stream when the event is gone). */
	String of(DeadLetter entry) {
		if (byStream()) {
			return entry.streamId();
		}
		String key = this.keys.get(entry.id());
		if (key == null) {
			Event<?> event = load(entry);
			key = (event != null) ? this.ownership.blockingKey(event) : entry.streamId();
			this.keys.put(entry.id(), key);
		}
		return key;
	}

	/** Each blocked key with the lowest event position of its failed or parked entries. */
	Map<String, Long> blocked() {
		if (byStream()) {
			return this.deadLetters.blockedStreams(this.observerId);
		}
		Map<String, Long> blocked = new HashMap<>();
		for (DeadLetter entry : sequenced()) {
			blocked.merge(of(entry), entry.eventPosition(), Math::min);
		}
		return blocked;
	}

	/** The failed and parked entries of a key, in event position order. */
	List<DeadLetter> entries(String key) {
		if (byStream()) {
			return this.deadLetters.listStream(this.observerId, key)
				.stream()
				.filter((entry) -> entry.status() != Status.UNREADABLE)
				.toList();
		}
		return sequenced().stream().filter((entry) -> of(entry).equals(key)).toList();
	}

	/** Every failed or parked entry of the observer, in event position order. */
	private List<DeadLetter> sequenced() {
		List<DeadLetter> all = new ArrayList<>();
		for (int offset = 0;; offset += PAGE) {
			List<DeadLetter> page = this.deadLetters.list(this.observerId, offset, PAGE);
			for (DeadLetter entry : page) {
				if (entry.status() != Status.UNREADABLE) {
					all.add(entry);
				}
			}
			if (page.size() < PAGE) {
				return all;
			}
		}
	}

	/** An entry's event read again from the store, {@code null} when it is no longer there. */
	@Nullable Event<?> load(DeadLetter entry) {
		List<Event<?>> found = this.store.readAll(entry.eventPosition(), 1);
		return (!found.isEmpty() && found.get(0).id().equals(entry.eventId())) ? found.get(0) : null;
	}

}
