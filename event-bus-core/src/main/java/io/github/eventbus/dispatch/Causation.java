package io.github.eventbus.dispatch;

import io.github.eventbus.Event;

/**
 * Lets components that call observers outside the bus's mailboxes (durable observers, sagas, transport
 * consumers) give events published during the call the same correlation and causation ids the bus gives
 * events published from its own observers.
 */
public final class Causation {

	private Causation() {
	}

	/**
	 * Calls an observer with {@code cause} as the event being handled on this thread.
	 * @param cause the event the observer handles
	 * @param call the call
	 * @throws Throwable whatever the call throws
	 */
	public static void callHandling(Event<?> cause, Call call) throws Throwable {
		DispatchContext context = DispatchContext.current();
		Event<?> previous = context.event;
		context.event = cause;
		try {
			call.run();
		}
		finally {
			context.event = previous;
		}
	}

	/** An observer call. */
	@FunctionalInterface
	public interface Call {

		void run() throws Throwable;

	}

}
