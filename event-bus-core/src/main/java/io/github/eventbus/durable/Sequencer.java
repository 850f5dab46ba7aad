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
import io.github.eventbus.store.EventTypes;
import io.github.eventbus.store.UnknownEventTypeException;
import io.github.eventbus.store.UnreadableEvent;
import org.jspecify.annotations.Nullable;

/**
 * Keeps one durable observer's streams in order through failures. A failed event is retried later
 * without holding up other streams: later events of its stream wait behind it in memory. After the last
 * attempt it becomes a dead letter, the waiting events and every later event of the stream are parked
 * behind it, and the stream stays blocked until a replay or discard clears it. For an observer with an
 * ordering key, read "key" for "stream" ({@link Ownership#blockingKey}): a saga's failed event holds back
 * its saga instance's later events, whatever their stream, and no other instance's; events whose instance
 * is not known yet are held by {@link Lanes}.
 * <p>
 * Not thread-safe: used by one worker loop at a time.
 */
final class Sequencer {

	private final Delivery delivery;

	private final RetryPolicy retry;

	private final DeadLetterStore deadLetters;

	private final Clock clock;

	private final Ownership ownership;

	/** Blocking key (stream id) to the position of the first dead letter that blocks it. */
	private Map<String, Long> blocked = new HashMap<>();

	/** For an observer that blocks by key: each stream with a dead letter, where its dead letters begin. */
	private Map<String, BlockingKeys.Held> streams = new HashMap<>();

	private final Map<String, Backlog> retrying = new LinkedHashMap<>();

	private final Replays replays;

	private final Predicate<String> ownsStream;

	private final Predicate<String> replaysStream;

	Sequencer(Delivery delivery, RetryPolicy retry, DeadLetterStore deadLetters, BlockingKeys keys, Clock clock,
			Ownership ownership) {
		this(delivery, retry, deadLetters, keys, clock, ownership, (stream) -> true);
	}

	/**
	 * A sequencer for the streams {@code ownsStream} accepts: one lane of an observer with
	 * {@code concurrency > 1}, which keeps the blocked streams and replays of those streams only.
	 */
	Sequencer(Delivery delivery, RetryPolicy retry, DeadLetterStore deadLetters, BlockingKeys keys, Clock clock,
			Ownership ownership, Predicate<String> ownsStream) {
		this(delivery, retry, deadLetters, keys, clock, ownership, ownsStream, ownsStream);
	}

	/**
	 * A sequencer that knows the blocked streams {@code ownsStream} accepts and replays the dead letters of
	 * the streams {@code replaysStream} accepts: one lane of an observer whose lanes are not split by stream.
	 */
	Sequencer(Delivery delivery, RetryPolicy retry, DeadLetterStore deadLetters, BlockingKeys keys, Clock clock,
			Ownership ownership, Predicate<String> ownsStream, Predicate<String> replaysStream) {
		this.ownsStream = ownsStream;
		this.replaysStream = replaysStream;
		this.delivery = delivery;
		this.retry = retry;
		this.deadLetters = deadLetters;
		this.clock = clock;
		this.ownership = ownership;
		this.replays = new Replays(delivery, deadLetters, keys, clock, ownership);
	}

	/**
	 * Takes the blocked keys this lane knows from the observer's.
	 * @param all every blocked key with the position of its first dead letter ({@link BlockingKeys.Blocked#keys()})
	 */
	void reloadBlocked(Map<String, Long> all, Map<String, BlockingKeys.Held> streams) {
		Map<String, Long> loaded = new HashMap<>();
		all.forEach((key, position) -> {
			if (this.ownsStream.test(key)) {
				loaded.put(key, position);
			}
		});
		this.blocked = loaded;
		this.streams = new HashMap<>(streams);
	}

	/** Where the dead letters of a stream begin, as this lane knows, or {@code null} when it has none. */
	BlockingKeys.@Nullable Held heldStream(String streamId) {
		return this.streams.get(streamId);
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

	/**
	 * The highest position a segment's checkpoint may reach: just before its first event still in memory.
	 */
	long safeCheckpoint(long readUpTo, int segment) {
		long safe = readUpTo;
		for (Backlog backlog : this.retrying.values()) {
			if (this.ownership.segmentOf(backlog.head) == segment) {
				safe = Math.min(safe, backlog.head.position() - 1);
			}
		}
		return safe;
	}

	/** Forgets the pending retries of a segment this instance no longer delivers: its next owner redelivers them. */
	void forget(int segment) {
		this.retrying.values().removeIf((backlog) -> this.ownership.segmentOf(backlog.head) == segment);
	}

	/**
	 * Handles an event read for the first time.
	 * @param key its {@link Ownership#blockingKey}
	 */
	void deliver(Event<?> event, String key) {
		if (event.payload() instanceof UnreadableEvent unreadable) {
			if (concerns(unreadable)) {
				deadLetterUnreadable(event, unreadable);
			}
			return;
		}
		if (!this.delivery.accepts(event.payload())) {
			return;
		}
		Long blocker = this.blocked.get(key);
		if (blocker != null && event.position() >= blocker) {
			// At the blocker: the dead-lettered event itself, read again; its entry stands.
			if (event.position() > blocker) {
				park(event, blocker);
			}
			return;
		}
		// Before the blocker (read again after a restart from an older checkpoint): handled before the
		// failure, so delivered again like any redelivery, never parked behind a later event.
		Backlog backlog = this.retrying.get(key);
		if (backlog != null) {
			backlog.waiting.add(event);
			return;
		}
		Runnable leaseCheck = leaseCheck(event);
		leaseCheck.run();
		Throwable failure = this.delivery.attempt(event, 1, leaseCheck);
		if (failure != null) {
			backlog = new Backlog(key, event, this.clock.instant());
			if (failed(backlog, failure)) {
				this.retrying.put(key, backlog);
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
			Runnable leaseCheck = leaseCheck(backlog.head);
			leaseCheck.run();
			Throwable failure = this.delivery.attempt(backlog.head, backlog.failedAttempts + 1, leaseCheck);
			while (failure == null && !backlog.waiting.isEmpty()) {
				backlog.restartWith(backlog.waiting.poll(), this.clock.instant());
				leaseCheck = leaseCheck(backlog.head);
				leaseCheck.run();
				failure = this.delivery.attempt(backlog.head, 1, leaseCheck);
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
		this.blocked.put(backlog.key, head.position());
		this.streams.putIfAbsent(head.streamId(), new BlockingKeys.Held(head.position(), head.position()));
		for (Event<?> waiting : backlog.waiting) {
			park(waiting, head.position());
		}
		return false;
	}

	private Runnable leaseCheck(Event<?> event) {
		int segment = this.ownership.segmentOf(event);
		return () -> this.ownership.check(segment);
	}

	/** Parks an event behind the dead letter at position {@code blocker}, which holds it back. */
	void park(Event<?> event, long blocker) {
		this.streams.putIfAbsent(event.streamId(), new BlockingKeys.Held(event.position(), blocker));
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
	 * Delivers the dead letters marked for replay, key by key, in order.
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

	/** A stream (or key) waiting for a retry of its head event, with its later events behind it. */
	private static final class Backlog {

		final String key;

		Event<?> head;

		Instant firstFailureAt;

		int failedAttempts;

		long dueAtMillis;

		final ArrayDeque<Event<?>> waiting = new ArrayDeque<>();

		Backlog(String key, Event<?> head, Instant firstFailureAt) {
			this.key = key;
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
