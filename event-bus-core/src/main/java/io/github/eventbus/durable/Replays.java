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
import io.github.eventbus.store.EventStore;
import io.github.eventbus.store.UnreadableEvent;
import org.jspecify.annotations.Nullable;

/**
 * Runs the replays marked in the dead-letter store for one observer. A replay of a stream starts at its
 * first entry, so order is never broken: each event is read again from the event store and handed to the
 * observer once; the first that fails again becomes the stream's failed event and the rest stay parked
 * behind it. Unreadable events are replayed one by one (they never block a stream).
 * <p>
 * Not thread-safe: used by one worker loop at a time.
 */
final class Replays {

	private final Delivery delivery;

	private final DeadLetterStore deadLetters;

	private final EventStore store;

	private final Clock clock;

	private final Runnable leaseCheck;

	Replays(Delivery delivery, DeadLetterStore deadLetters, EventStore store, Clock clock, Runnable leaseCheck) {
		this.delivery = delivery;
		this.deadLetters = deadLetters;
		this.store = store;
		this.clock = clock;
		this.leaseCheck = leaseCheck;
	}

	/**
	 * Delivers the dead letters marked for replay, stream by stream, in order, and updates
	 * {@code blocked}: a stream whose entries all went through is unblocked.
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
			if (entry.status() == Status.UNREADABLE) {
				replayUnreadable(entry);
			}
			else if (replayed.add(entry.streamId())) {
				replayStream(entry.streamId(), blocked);
			}
		}
		return true;
	}

	private void replayStream(String streamId, Map<String, Long> blocked) {
		List<DeadLetter> entries = this.deadLetters.listStream(this.delivery.observerId(), streamId)
			.stream()
			.filter((entry) -> entry.status() != Status.UNREADABLE)
			.toList();
		for (int i = 0; i < entries.size(); i++) {
			DeadLetter entry = entries.get(i);
			this.leaseCheck.run();
			Event<?> event = load(entry);
			int attempt = entry.attempts() + 1;
			Throwable failure = (event != null) ? this.delivery.attempt(event, attempt, this.leaseCheck) : new IllegalStateException(
					"Event #" + entry.eventPosition() + " (" + entry.eventId() + ") is no longer in the event store");
			if (failure == null) {
				this.deadLetters.delete(entry.id());
				continue;
			}
			this.deadLetters.update(entry.withFailure(Status.FAILED, null, failure.getClass().getName(),
					failure.getMessage(), Sequencer.stackTrace(failure), attempt, this.clock.instant()));
			for (DeadLetter rest : entries.subList(i + 1, entries.size())) {
				this.deadLetters.update(rest.withFailure(Status.PARKED, entry.eventPosition(), null, null, null,
						rest.attempts(), rest.lastFailureAt()));
			}
			blocked.put(streamId, entry.eventPosition());
			return;
		}
		blocked.remove(streamId);
	}

	private void replayUnreadable(DeadLetter entry) {
		this.leaseCheck.run();
		Event<?> event = load(entry);
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
			failure = this.delivery.accepts(event.payload()) ? this.delivery.attempt(event, attempt, this.leaseCheck) : null;
		}
		if (failure == null) {
			this.deadLetters.delete(entry.id());
		}
		else {
			this.deadLetters.update(entry.withFailure(Status.UNREADABLE, null, failure.getClass().getName(),
					failure.getMessage(), Sequencer.stackTrace(failure), attempt, this.clock.instant()));
		}
	}

	private @Nullable Event<?> load(DeadLetter entry) {
		List<Event<?>> found = this.store.readAll(entry.eventPosition(), 1);
		return (!found.isEmpty() && found.get(0).id().equals(entry.eventId())) ? found.get(0) : null;
	}

}
