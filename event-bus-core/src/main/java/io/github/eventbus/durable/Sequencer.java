package io.github.eventbus.durable;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;

import io.github.eventbus.Event;
import io.github.eventbus.deadletter.DeadLetter;
import io.github.eventbus.deadletter.DeadLetter.Status;
import io.github.eventbus.deadletter.DeadLetterStore;
import io.github.eventbus.retry.RetryPolicy;
import io.github.eventbus.store.EventStore;
import io.github.eventbus.store.EventTypes;
import io.github.eventbus.store.UnknownEventTypeException;
import io.github.eventbus.store.UnreadableEvent;
import org.jspecify.annotations.Nullable;

/**
 * Keeps one durable observer's streams in order through failures. A failed event is retried later
 * without holding up other streams: later events of its stream wait behind it in memory. After the last
 * attempt it becomes a dead letter, the waiting events and every later event of the stream are parked
 * behind it, and the stream stays blocked until a replay or discard clears it.
 * <p>
 * Not thread-safe: used by one worker loop at a time.
 */
final class Sequencer {

	private final Delivery delivery;

	private final RetryPolicy retry;

	private final DeadLetterStore deadLetters;

	private final Clock clock;

	private final Runnable leaseCheck;

	/** Stream id to the position of the first dead letter that blocks it. */
	private Map<String, Long> blocked = new HashMap<>();

	private final Map<String, Backlog> retrying = new LinkedHashMap<>();

	private final Replays replays;

	private final Predicate<String> ownsStream;

	private final Predicate<String> replaysStream;

	Sequencer(Delivery delivery, RetryPolicy retry, DeadLetterStore deadLetters, EventStore store, Clock clock,
			Runnable leaseCheck) {
		this(delivery, retry, deadLetters, store, clock, leaseCheck, (stream) -> true);
	}

	/**
	 * A sequencer for the streams {@code ownsStream} accepts: one lane of an observer with
	 * {@code concurrency > 1}, which keeps the blocked streams and replays of those streams only.
	 */
	Sequencer(Delivery delivery, RetryPolicy retry, DeadLetterStore deadLetters, EventStore store, Clock clock,
			Runnable leaseCheck, Predicate<String> ownsStream) {
		this(delivery, retry, deadLetters, store, clock, leaseCheck, ownsStream, ownsStream);
	}

	/**
	 * A sequencer that knows the blocked streams {@code ownsStream} accepts and replays the dead letters of
	 * the streams {@code replaysStream} accepts: one lane of an observer whose lanes are not split by stream.
	 */
	Sequencer(Delivery delivery, RetryPolicy retry, DeadLetterStore deadLetters, EventStore store, Clock clock,
			Runnable leaseCheck, Predicate<String> ownsStream, Predicate<String> replaysStream) {
		this.ownsStream = ownsStream;
		this.replaysStream = replaysStream;
		this.delivery = delivery;
		this.retry = retry;
		this.deadLetters = deadLetters;
		this.clock = clock;
		this.leaseCheck = leaseCheck;
		this.replays = new Replays(delivery, deadLetters, store, clock, leaseCheck);
	}

	/** Forgets pending retries (they are redelivered from the checkpoint) and reloads blocked streams. */
	void reset() {
		this.retrying.clear();
		reloadBlocked();
	}

	void reloadBlocked() {
		Map<String, Long> loaded = new HashMap<>();
		this.deadLetters.blockedStreams(this.delivery.observerId()).forEach((stream, position) -> {
			if (this.ownsStream.test(stream)) {
				loaded.put(stream, position);
			}
		});
		this.blocked = loaded;
	}

	boolean isRetrying() {
		return !this.retrying.isEmpty();
	}

	/** How many events wait in memory, retrying ones included. */
	int held() {
		int held = 0;
		for (Backlog backlog : this.retrying.values()) {
			held += 1 + backlog.waiting.size();
		}
		return held;
	}

	/** The highest position the checkpoint may reach: just before the first event still in memory. */
	long safeCheckpoint(long readUpTo) {
		long safe = readUpTo;
		for (Backlog backlog : this.retrying.values()) {
			safe = Math.min(safe, backlog.head.position() - 1);
		}
		return safe;
	}

	/** Handles an event read for the first time. */
	void deliver(Event<?> event) {
		if (event.payload() instanceof UnreadableEvent unreadable) {
			if (concerns(unreadable)) {
				deadLetterUnreadable(event, unreadable);
			}
			return;
		}
		if (!this.delivery.accepts(event.payload())) {
			return;
		}
		String stream = event.streamId();
		Long blocker = this.blocked.get(stream);
		if (blocker != null && event.position() >= blocker) {
			// At the blocker: the dead-lettered event itself, read again; its entry stands.
			if (event.position() > blocker) {
				park(event, blocker);
			}
			return;
		}
		// Before the blocker (read again after a restart from an older checkpoint): handled before the
		// failure, so delivered again like any redelivery, never parked behind a later event.
		Backlog backlog = this.retrying.get(stream);
		if (backlog != null) {
			backlog.waiting.add(event);
			return;
		}
		this.leaseCheck.run();
		Throwable failure = this.delivery.attempt(event, 1, this.leaseCheck);
		if (failure != null) {
			backlog = new Backlog(event, this.clock.instant());
			if (failed(backlog, failure)) {
				this.retrying.put(stream, backlog);
			}
		}
	}

	/**
	 * Runs the retries that are due.
	 * @return when the next retry is due, in epoch millis, or {@link Long#MAX_VALUE}
	 */
	long retryDue() {
		long next = Long.MAX_VALUE;
		for (Iterator<Backlog> it = this.retrying.values().iterator(); it.hasNext();) {
			Backlog backlog = it.next();
			if (backlog.dueAtMillis > this.clock.millis()) {
				next = Math.min(next, backlog.dueAtMillis);
				continue;
			}
			this.leaseCheck.run();
			Throwable failure = this.delivery.attempt(backlog.head, backlog.failedAttempts + 1, this.leaseCheck);
			while (failure == null && !backlog.waiting.isEmpty()) {
				backlog.restartWith(backlog.waiting.poll(), this.clock.instant());
				this.leaseCheck.run();
				failure = this.delivery.attempt(backlog.head, 1, this.leaseCheck);
			}
			if (failure == null) {
				it.remove();
			}
			else if (!failed(backlog, failure)) {
				it.remove();
			}
			else {
				next = Math.min(next, backlog.dueAtMillis);
			}
		}
		return next;
	}

	/**
	 * Counts a failed attempt and schedules the next one, or dead-letters the head and parks the events
	 * waiting behind it. The caller drops the backlog when this returns {@code false}.
	 */
	private boolean failed(Backlog backlog, Throwable failure) {
		backlog.failedAttempts++;
		if (this.retry.allowsAnotherAttempt(backlog.failedAttempts)) {
			backlog.dueAtMillis = this.clock.millis() + this.retry.backoffAfter(backlog.failedAttempts).toMillis();
			return true;
		}
		Event<?> head = backlog.head;
		Instant now = this.clock.instant();
		this.deadLetters.add(entry(head, Status.FAILED, null, failure, backlog.failedAttempts,
				backlog.firstFailureAt, now));
		this.blocked.put(head.streamId(), head.position());
		for (Event<?> waiting : backlog.waiting) {
			park(waiting, head.position());
		}
		return false;
	}

	private void park(Event<?> event, long blocker) {
		Instant now = this.clock.instant();
		this.deadLetters.add(entry(event, Status.PARKED, blocker, null, 0, now, now));
	}

	private boolean concerns(UnreadableEvent unreadable) {
		// An unknown type name could belong to any observer: record it rather than guess it away.
		Class<?> type = this.delivery.payloadType();
		return unreadable.error() instanceof UnknownEventTypeException || type == Object.class
				|| EventTypes.nameOf(type).equals(unreadable.typeName());
	}

	private void deadLetterUnreadable(Event<?> event, UnreadableEvent unreadable) {
		this.delivery.report(event, unreadable.error(), 1);
		Instant now = this.clock.instant();
		this.deadLetters.add(entry(event, Status.UNREADABLE, null, unreadable.error(), 1, now, now));
	}

	/**
	 * Delivers the dead letters marked for replay, stream by stream, in order.
	 * @return whether any replay was requested
	 */
	boolean replayRequested() {
		return this.replays.run(this.blocked, this.replaysStream);
	}

	private DeadLetter entry(Event<?> event, Status status, @Nullable Long blockedBy, @Nullable Throwable failure,
			int attempts, Instant first, Instant last) {
		return new DeadLetter(0, this.delivery.observerId(), event.position(), event.id(), event.streamId(),
				event.type(), status, blockedBy, (failure != null) ? failure.getClass().getName() : null,
				(failure != null) ? failure.getMessage() : null, (failure != null) ? stackTrace(failure) : null,
				attempts, first, last, false);
	}

	static String stackTrace(Throwable failure) {
		StringWriter text = new StringWriter();
		failure.printStackTrace(new PrintWriter(text));
		return text.toString();
	}

	/** A stream waiting for a retry of its head event, with the stream's later events behind it. */
	private static final class Backlog {

		Event<?> head;

		Instant firstFailureAt;

		int failedAttempts;

		long dueAtMillis;

		final ArrayDeque<Event<?>> waiting = new ArrayDeque<>();

		Backlog(Event<?> head, Instant firstFailureAt) {
			this.head = head;
			this.firstFailureAt = firstFailureAt;
		}

		void restartWith(Event<?> next, Instant now) {
			this.head = next;
			this.firstFailureAt = now;
			this.failedAttempts = 0;
		}

	}

}
