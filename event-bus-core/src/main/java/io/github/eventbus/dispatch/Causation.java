package io.github.eventbus.dispatch;

import io.github.eventbus.Event;
import org.jspecify.annotations.Nullable;

/**
 * Makes events published on the current thread carry an event as their cause (causation id = its id,
 * same correlation id), for components that call observers outside the bus's mailboxes, such as durable
 * observers. The bus does this itself for the observers it calls.
 * <p>
 * Use as {@code Event<?> previous = Causation.enter(event); try { ... } finally { Causation.exit(previous); }}.
 * Allocates nothing.
 */
public final class Causation {

	private Causation() {
	}

	/**
	 * Makes {@code cause} the cause of events published on this thread.
	 * @param cause the event being handled
	 * @return the previous cause, to hand to {@link #exit}
	 */
	public static @Nullable Event<?> enter(Event<?> cause) {
		DispatchContext context = DispatchContext.current();
		Event<?> previous = context.event;
		context.event = cause;
		return previous;
	}

	/**
	 * Restores the cause in effect before {@link #enter}.
	 * @param previous what {@code enter} returned
	 */
	public static void exit(@Nullable Event<?> previous) {
		DispatchContext.current().event = previous;
	}

}
