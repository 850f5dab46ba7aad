package io.github.eventbus.autoconfigure.observation;

import io.github.eventbus.Event;
import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;

/**
 * The context of an event bus observation ({@link io.github.eventbus.metrics.EventBusObservations}): the
 * event, and for a handle observation the observer. For handlers and conventions.
 */
public final class EventObservationContext extends Observation.Context {

	private final Event<?> event;

	private final @Nullable String observerId;

	EventObservationContext(Event<?> event, @Nullable String observerId) {
		this.event = event;
		this.observerId = observerId;
	}

	/** The event published or handled. */
	public Event<?> getEvent() {
		return this.event;
	}

	/** The observer handling it; {@code null} for a publish observation. */
	public @Nullable String getObserverId() {
		return this.observerId;
	}

}
