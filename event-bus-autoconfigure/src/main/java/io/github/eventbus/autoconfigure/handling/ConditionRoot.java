package io.github.eventbus.autoconfigure.handling;

import io.github.eventbus.Event;

/**
 * The root object of an {@link io.github.eventbus.EventObserver#condition()}: {@code #root.event} is the
 * {@link Event} envelope, {@code #root.payload} its payload. Public only so that SpEL can compile expressions
 * over it.
 */
public final class ConditionRoot {

	private final Event<?> event;

	ConditionRoot(Event<?> event) {
		this.event = event;
	}

	/** The event being offered to the observer. */
	public Event<?> getEvent() {
		return this.event;
	}

	/** Its payload. */
	public Object getPayload() {
		return this.event.payload();
	}

}
