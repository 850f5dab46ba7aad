package io.github.eventbus.autoconfigure.metrics;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.github.eventbus.metrics.EventBusMeters;
import io.github.eventbus.metrics.EventBusMeters.EventBusKeys;
import io.github.eventbus.metrics.EventBusMeters.Outcome;
import io.github.eventbus.retry.RetryPolicy;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import org.jspecify.annotations.Nullable;

/**
 * The handling timers of one observer, one per event type and outcome, created on first use and then
 * found without allocating: the last type seen is checked first, since most observers see one type.
 */
final class HandlingTimers {

	private static final Outcome[] OUTCOMES = Outcome.values();

	private final String observerId;

	private final @Nullable RetryPolicy retry;

	private final EventBusMetrics metrics;

	private final ConcurrentHashMap<String, TypeTimers> byType = new ConcurrentHashMap<>();

	private volatile @Nullable TypeTimers last;

	/**
	 * @param retry the retry policy of a durable observer, {@code null} for an in-memory one (never
	 * retried, so a failure is final)
	 */
	HandlingTimers(String observerId, @Nullable RetryPolicy retry, EventBusMetrics metrics) {
		this.observerId = observerId;
		this.retry = retry;
		this.metrics = metrics;
	}

	String observerId() {
		return this.observerId;
	}

	boolean isDurable() {
		return this.retry != null;
	}

	void record(String eventType, Outcome outcome, long nanos) {
		timers(eventType).get(outcome).record(nanos, TimeUnit.NANOSECONDS);
	}

	/** Records a failed durable attempt, by whether the policy allows another one. */
	void recordDurableFailure(String eventType, int attempt, long nanos) {
		RetryPolicy policy = this.retry;
		Outcome outcome = (policy != null && policy.allowsAnotherAttempt(attempt)) ? Outcome.RETRY
				: Outcome.DEAD_LETTERED;
		record(eventType, outcome, nanos);
	}

	private TypeTimers timers(String eventType) {
		TypeTimers cached = this.last;
		if (cached != null && cached.type.equals(eventType)) {
			return cached;
		}
		TypeTimers found = this.byType.get(eventType);
		if (found == null) {
			found = this.byType.computeIfAbsent(eventType, TypeTimers::new);
		}
		this.last = found;
		return found;
	}

	private final class TypeTimers {

		final String type;

		private final Timer[] timers = new Timer[OUTCOMES.length];

		TypeTimers(String type) {
			this.type = type;
		}

		Timer get(Outcome outcome) {
			Timer timer = this.timers[outcome.ordinal()];
			if (timer == null) {
				// A racing thread gets the same Timer back from the registry: the race is harmless.
				timer = HandlingTimers.this.metrics.timer(EventBusMeters.OBSERVER_HANDLING,
						Tags.of(EventBusKeys.OBSERVER.asString(), HandlingTimers.this.observerId,
								EventBusKeys.EVENT_TYPE.asString(), this.type, EventBusKeys.OUTCOME.asString(),
								outcome.value()));
				this.timers[outcome.ordinal()] = timer;
			}
			return timer;
		}

	}

}
