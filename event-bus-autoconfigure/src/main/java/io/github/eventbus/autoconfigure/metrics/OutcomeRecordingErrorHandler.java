package io.github.eventbus.autoconfigure.metrics;

import io.github.eventbus.ObserverErrorHandler;
import io.github.eventbus.ObserverFailure;

/**
 * Wraps the application's {@link ObserverErrorHandler} to record durable failures with their outcome
 * ({@code retry} or {@code dead-lettered}), then hands every failure on unchanged.
 */
final class OutcomeRecordingErrorHandler implements ObserverErrorHandler {

	private final ObserverErrorHandler delegate;

	OutcomeRecordingErrorHandler(ObserverErrorHandler delegate) {
		this.delegate = delegate;
	}

	@Override
	public void handle(ObserverFailure failure) {
		PendingFailure.complete(failure.observerId(), failure.event(), failure.attempt());
		this.delegate.handle(failure);
	}

	@Override
	public String toString() {
		return "OutcomeRecording" + this.delegate;
	}

}
