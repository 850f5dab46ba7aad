package io.github.eventbus.autoconfigure.metrics;

import io.github.eventbus.Event;
import org.jspecify.annotations.Nullable;

/**
 * A durable observer's failed call, timed but not yet recorded: the failure report that the caller makes
 * next, on the same thread, tells the attempt number. One reusable holder per thread.
 */
final class PendingFailure {

	private static final ThreadLocal<PendingFailure> CURRENT = ThreadLocal.withInitial(PendingFailure::new);

	@Nullable HandlingTimers meters;

	@Nullable Event<?> event;

	long nanos;

	static void set(HandlingTimers meters, Event<?> event, long nanos) {
		PendingFailure pending = CURRENT.get();
		pending.meters = meters;
		pending.event = event;
		pending.nanos = nanos;
	}

	/** Records the pending failure if it is the one reported. */
	static void complete(String observerId, Event<?> event, int attempt) {
		PendingFailure pending = CURRENT.get();
		HandlingTimers meters = pending.meters;
		if (meters == null || pending.event != event || !meters.observerId().equals(observerId)) {
			return;
		}
		pending.meters = null;
		pending.event = null;
		meters.recordDurableFailure(event.type(), attempt, pending.nanos);
	}

}
