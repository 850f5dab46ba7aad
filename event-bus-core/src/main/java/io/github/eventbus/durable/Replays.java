package io.github.eventbus.durable;

import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import io.github.eventbus.Event;
import io.github.eventbus.deadletter.DeadLetter;
import io.github.eventbus.deadletter.DeadLetter.Status;
import io.github.eventbus.deadletter.DeadLetterStore;
import io.github.eventbus.store.UnreadableEvent;

/**
 * Runs the replays marked in the dead-letter store for one observer. A replay starts at the first entry of
 * what its entry holds back ({@link BlockingKeys}: its stream, or its ordering key for an observer that has
 * one, with the entries whose key was not known parked behind it), so order is never broken: each event is read again from the event store and handed to the
 * observer once; the first that fails again becomes the failed event and the rest stay parked behind it.
 * Only the instance running the segment of that key replays it. Unreadable events are replayed one by one
 * (they never block).
 * <p>
 * Not thread-safe: used by one worker loop at a time.
 */
final class Replays {

	private final Delivery delivery;

	private final DeadLetterStore deadLetters;

	private final BlockingKeys keys;

	private final Clock clock;

	private final Ownership ownership;

	Replays(Delivery delivery, DeadLetterStore deadLetters, BlockingKeys keys, Clock clock, Ownership ownership) {
		this.delivery = delivery;
		this.deadLetters = deadLetters;
		this.keys = keys;
		this.clock = clock;
		this.ownership = ownership;
	}

	/**
	 * Delivers the dead letters marked for replay, key by key, in order, and updates {@code blocked}: a key
	 * whose entries all went through is unblocked.
	 * @param ownsStream whether this lane replays the entries of a stream
	 * @return whether any replay was requested
	 */
	boolean run(Map<String, Long> blocked, Predicate<String> ownsStream) {
		List<DeadLetter> requested = this.deadLetters.replayRequested(this.delivery.observerId(), 1000);
		if (requested.isEmpty()) {
			return false;
		}
		Set<String> replayed = new HashSet<>();
		for (DeadLetter entry : requested) {
			if (!ownsStream.test(entry.streamId())) {
				continue;
			}
			String key = this.keys.of(entry);
			int segment = this.ownership.segmentOfKey(key);
			if (!this.ownership.delivers(segment)) {
				continue;
			}
			if (entry.status() == Status.UNREADABLE) {
				replayUnreadable(entry, segment);
			}
			else if (replayed.add(key)) {
				replay(key, segment, blocked);
			}
		}
		return true;
	}

	private void replay(String key, int segment, Map<String, Long> blocked) {
		Runnable leaseCheck = () -> this.ownership.check(segment);
		Set<Long> replayed = new HashSet<>();
		List<DeadLetter> entries = this.keys.entries(key, replayed);
		int next = 0;
		while (next < entries.size()) {
			DeadLetter entry = entries.get(next);
			leaseCheck.run();
			Event<?> event = this.keys.load(entry);
			int attempt = entry.attempts() + 1;
			Throwable failure = (event != null) ? this.delivery.attempt(event, attempt, leaseCheck) : new IllegalStateException(
					"Event #" + entry.eventPosition() + " (" + entry.eventId() + ") is no longer in the event store");
			if (failure == null) {
				this.deadLetters.delete(entry.id());
				replayed.add(entry.eventPosition());
				next++;
				if (this.keys.relistAfterEachEvent()) {
					// One that went through may have made the key of a parked one known: list the key again.
					entries = this.keys.entries(key, replayed);
					next = 0;
				}
				continue;
			}
			this.deadLetters.update(entry.withFailure(Status.FAILED, null, failure.getClass().getName(),
					failure.getMessage(), Sequencer.stackTrace(failure), attempt, this.clock.instant()));
			for (DeadLetter rest : entries.subList(next + 1, entries.size())) {
				this.deadLetters.update(rest.withFailure(Status.PARKED, entry.eventPosition(), null, null, null,
						rest.attempts(), rest.lastFailureAt()));
			}
			blocked.put(key, entry.eventPosition());
			return;
		}
		blocked.remove(key);
	}

	private void replayUnreadable(DeadLetter entry, int segment) {
		Runnable leaseCheck = () -> this.ownership.check(segment);
		leaseCheck.run();
		Event<?> event = this.keys.load(entry);
		int attempt = entry.attempts() + 1;
		Throwable failure;
		if (event == null) {
			failure = new IllegalStateException("Event #" + entry.eventPosition() + " is no longer in the event store");
		}
		else if (event.payload() instanceof UnreadableEvent unreadable) {
			failure = unreadable.error();
			this.delivery.report(event, failure, attempt);
		}
		else {
			failure = this.delivery.accepts(event.payload()) ? this.delivery.attempt(event, attempt, leaseCheck) : null;
		}
		if (failure == null) {
			this.deadLetters.delete(entry.id());
		}
		else {
			this.deadLetters.update(entry.withFailure(Status.UNREADABLE, null, failure.getClass().getName(),
					failure.getMessage(), Sequencer.stackTrace(failure), attempt, this.clock.instant()));
		}
	}

}
