package io.github.eventbus.deadletter;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;

/** A {@link DeadLetterStore} in memory; every operation holds one lock. */
final class InMemoryDeadLetterStore implements DeadLetterStore {

	private final TreeMap<Long, DeadLetter> entries = new TreeMap<>();

	private final Map<Long, String> copies = new HashMap<>();

	private long nextId = 1;

	@Override
	public boolean add(DeadLetter entry) {
		return add(entry, null);
	}

	@Override
	public synchronized boolean add(DeadLetter entry, @Nullable String eventCopy) {
		for (DeadLetter existing : this.entries.values()) {
			if (existing.observerId().equals(entry.observerId()) && existing.eventId().equals(entry.eventId())) {
				return false;
			}
		}
		long id = this.nextId++;
		this.entries.put(id, new DeadLetter(id, entry.observerId(), entry.eventPosition(), entry.eventId(),
				entry.streamId(), entry.eventType(), entry.status(), entry.blockedBy(), entry.exceptionClass(),
				entry.message(), entry.stackTrace(), entry.attempts(), entry.firstFailureAt(), entry.lastFailureAt(),
				entry.replayRequested()));
		if (eventCopy != null) {
			this.copies.put(id, eventCopy);
		}
		return true;
	}

	@Override
	public synchronized Optional<String> eventCopy(long id) {
		return Optional.ofNullable(this.copies.get(id));
	}

	@Override
	public synchronized void update(DeadLetter entry) {
		this.entries.computeIfPresent(entry.id(), (id, existing) -> entry);
	}

	@Override
	public synchronized int deleteAll(String observerId) {
		List<Long> ids = new ArrayList<>();
		this.entries.forEach((id, entry) -> {
			if (entry.observerId().equals(observerId)) {
				ids.add(id);
			}
		});
		ids.forEach(this::delete);
		return ids.size();
	}

	@Override
	public synchronized void delete(long id) {
		this.entries.remove(id);
		this.copies.remove(id);
	}

	@Override
	public synchronized Optional<DeadLetter> find(long id) {
		return Optional.ofNullable(this.entries.get(id));
	}

	@Override
	public synchronized List<DeadLetter> list(@Nullable String observerId, int offset, int limit) {
		return sorted().stream()
			.filter((entry) -> observerId == null || entry.observerId().equals(observerId))
			.skip(offset)
			.limit(limit)
			.toList();
	}

	@Override
	public synchronized List<DeadLetter> listStream(String observerId, String streamId) {
		return sorted().stream()
			.filter((entry) -> entry.observerId().equals(observerId) && entry.streamId().equals(streamId))
			.toList();
	}

	@Override
	public synchronized Map<String, Long> blockedStreams(String observerId) {
		Map<String, Long> streams = new HashMap<>();
		for (DeadLetter entry : this.entries.values()) {
			if (entry.observerId().equals(observerId) && entry.status() != DeadLetter.Status.UNREADABLE) {
				streams.merge(entry.streamId(), entry.eventPosition(), Math::min);
			}
		}
		return streams;
	}

	@Override
	public synchronized int requestReplay(String observerId, @Nullable String streamId, @Nullable Long id) {
		int marked = 0;
		for (DeadLetter entry : List.copyOf(this.entries.values())) {
			if (entry.observerId().equals(observerId) && (streamId == null || entry.streamId().equals(streamId))
					&& (id == null || entry.id() == id)) {
				this.entries.put(entry.id(), new DeadLetter(entry.id(), entry.observerId(), entry.eventPosition(),
						entry.eventId(), entry.streamId(), entry.eventType(), entry.status(), entry.blockedBy(),
						entry.exceptionClass(), entry.message(), entry.stackTrace(), entry.attempts(),
						entry.firstFailureAt(), entry.lastFailureAt(), true));
				marked++;
			}
		}
		return marked;
	}

	@Override
	public synchronized List<DeadLetter> replayRequested(String observerId, int limit) {
		return sorted().stream()
			.filter((entry) -> entry.observerId().equals(observerId) && entry.replayRequested())
			.limit(limit)
			.toList();
	}

	@Override
	public synchronized long count(String observerId) {
		return this.entries.values().stream().filter((entry) -> entry.observerId().equals(observerId)).count();
	}

	private List<DeadLetter> sorted() {
		List<DeadLetter> all = new ArrayList<>(this.entries.values());
		all.sort((a, b) -> (a.eventPosition() != b.eventPosition()) ? Long.compare(a.eventPosition(), b.eventPosition())
				: a.observerId().compareTo(b.observerId()));
		return all;
	}

}
