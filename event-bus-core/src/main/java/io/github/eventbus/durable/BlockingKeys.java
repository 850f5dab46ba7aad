package io.github.eventbus.durable;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.github.eventbus.Event;
import io.github.eventbus.deadletter.DeadLetter;
import io.github.eventbus.deadletter.DeadLetter.Status;
import io.github.eventbus.deadletter.DeadLetterStore;
import io.github.eventbus.store.EventStore;
import org.jspecify.annotations.Nullable;

/**
 * What the dead letters of one observer hold back ({@link Ownership#blockingKey}): their stream, or for an
 * observer with an ordering key (a saga by saga instance), the key of their event, which only the event
 * tells: it is read from the event store and remembered once known (a key, once known, never changes). An
 * entry whose key is not known yet holds back its stream until it is. So a dead letter blocks, and is
 * replayed, in the segment that handles its key.
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

	/** Whether the last {@link #entries} of an observer that blocks by key asks to be listed again. */
	private boolean relist;

	BlockingKeys(String observerId, DeadLetterStore deadLetters, EventStore store, Ownership ownership) {
		this.observerId = observerId;
		this.deadLetters = deadLetters;
		this.store = store;
		this.ownership = ownership;
	}

	private boolean byStream() {
		return !this.ownership.blocksByKey();
	}

	/**
	 * The key an entry holds back: its stream, or its event's key (the stream while that key is not known or
	 * when the event is gone).
	 */
	String of(DeadLetter entry) {
		String key = known(entry);
		return (key != null) ? key : entry.streamId();
	}

	/** The key an entry holds back, {@code null} while its event's ordering key is not known. */
	private @Nullable String known(DeadLetter entry) {
		if (byStream()) {
			return entry.streamId();
		}
		String key = this.keys.get(entry.id());
		if (key == null) {
			Event<?> event = load(entry);
			key = (event != null) ? this.ownership.knownBlockingKey(event) : null;
			if (key != null) {
				this.keys.put(entry.id(), key);
			}
		}
		return key;
	}

	/**
	 * What the dead letters hold back, read in one pass: each blocked key with the lowest event position of its
	 * failed or parked entries, and, for an observer that blocks by key, each stream with a failed or parked
	 * entry whose key is known or not: where events whose key is not known stop ({@link Held}).
	 */
	Blocked blocked() {
		if (byStream()) {
			return new Blocked(this.deadLetters.blockedStreams(this.observerId), Map.of());
		}
		Map<String, Long> keys = new HashMap<>();
		Map<String, Held> streams = new HashMap<>();
		for (DeadLetter entry : sequenced()) {
			keys.merge(of(entry), entry.eventPosition(), Math::min);
			Long behind = (entry.status() == Status.PARKED) ? entry.blockedBy() : null;
			streams.putIfAbsent(entry.streamId(),
					new Held(entry.eventPosition(), (behind != null) ? behind : entry.eventPosition()));
		}
		return new Blocked(keys, streams);
	}

	/**
	 * What the dead letters of an observer hold back.
	 * @param keys each blocked key with the lowest event position of its failed or parked entries
	 * @param streams where events whose key is not known stop, by stream (empty when blocking by stream)
	 */
	record Blocked(Map<String, Long> keys, Map<String, Held> streams) {

	}

	/**
	 * The failed and parked entries of a key, in event position order, with, for an observer that blocks by
	 * key, those whose key is still not known that are parked behind one of {@code replayed}: what a replay of
	 * the key releases (a replayed event may have stored the association that makes their key known).
	 */
	List<DeadLetter> entries(String key, Set<Long> replayed) {
		this.relist = false;
		if (byStream()) {
			return this.deadLetters.listStream(this.observerId, key)
				.stream()
				.filter((entry) -> entry.status() != Status.UNREADABLE)
				.toList();
		}
		List<DeadLetter> all = sequenced();
		List<DeadLetter> entries = new ArrayList<>();
		Set<Long> listed = new HashSet<>();
		boolean unknown = false;
		for (DeadLetter entry : all) {
			String known = known(entry);
			unknown |= (known == null);
			// Parked behind a replayed one: replayed with it, whatever its key now (else nothing releases it).
			if (key.equals(known) || (known == null && key.equals(entry.streamId()))
					|| (entry.blockedBy() != null && replayed.contains(entry.blockedBy()))) {
				entries.add(entry);
				listed.add(entry.eventPosition());
			}
		}
		boolean parkedBehindFromElsewhere = false;
		for (DeadLetter entry : all) {
			parkedBehindFromElsewhere |= entry.blockedBy() != null && listed.contains(entry.blockedBy())
					&& !listed.contains(entry.eventPosition());
		}
		this.relist = unknown || parkedBehindFromElsewhere;
		return entries;
	}

	/**
	 * Whether a replay lists the key again after each event that went through: only for an observer that blocks
	 * by key, and only when the last listing met an entry whose key was not known (a replayed event may have
	 * made it known) or one of another key parked behind a listed one. Otherwise one listing serves the
	 * whole replay.
	 */
	boolean relistAfterEachEvent() {
		return !byStream() && this.relist;
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

	/**
	 * Where a stream's dead letters begin: its first failed or parked entry, and the failed entry that one
	 * waits behind (itself when it failed).
	 */
	record Held(long first, long behind) {

	}

	/** An entry's event read again from the store, {@code null} when it is no longer there. */
	@Nullable Event<?> load(DeadLetter entry) {
		List<Event<?>> found = this.store.readAll(entry.eventPosition(), 1);
		return (!found.isEmpty() && found.get(0).id().equals(entry.eventId())) ? found.get(0) : null;
	}

}
