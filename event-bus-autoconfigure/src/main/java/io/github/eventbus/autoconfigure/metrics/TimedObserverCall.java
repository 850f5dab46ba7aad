package io.github.eventbus.autoconfigure.metrics;

import java.lang.invoke.MethodHandle;

import io.github.eventbus.Event;
import io.github.eventbus.autoconfigure.ObserverInvokers.ObserverCall;
import io.github.eventbus.metrics.EventBusMeters.Outcome;
import io.micrometer.core.instrument.Clock;

/**
 * Times one observer's calls. A success or an in-memory failure is recorded at once; a durable failure
 * is left to {@link OutcomeRecordingErrorHandler}, which learns the attempt number, and so whether the
 * event will be retried or is dead-lettered, from the failure report that follows on this thread.
 */
final class TimedObserverCall implements ObserverCall {

	private final MethodHandle next;

	private final HandlingTimers meters;

	private final Clock clock;

	TimedObserverCall(MethodHandle next, HandlingTimers meters, Clock clock) {
		this.next = next;
		this.meters = meters;
		this.clock = clock;
	}

	@Override
	public void call(Event<?> event) throws Throwable {
		long start = this.clock.monotonicTime();
		try {
			this.next.invokeExact((Object) event);
		}
		catch (Throwable ex) {
			long nanos = this.clock.monotonicTime() - start;
			if (this.meters.isDurable()) {
				PendingFailure.set(this.meters, event, nanos);
			}
			else {
				this.meters.record(event.type(), Outcome.FAILURE, nanos);
			}
			throw ex;
		}
		this.meters.record(event.type(), Outcome.SUCCESS, this.clock.monotonicTime() - start);
	}

}
