package io.github.eventbus.dispatch;

import io.github.eventbus.Event;
import org.jspecify.annotations.Nullable;

/**
 * Lets components that call observers outside the bus's mailboxes (durable observers, sagas, transport
 * consumers) give events published during the call the same correlation and causation ids the bus gives
 * events published from its own observers: causation id = the handled event's id, same correlation id.
 * <p>
 * Use {@link #callHandling(Event, Call)}, or {@code Event<?> previous = Causation.enter(event); try { ... }
 * finally { Causation.exit(previous); }} where a lambda is in the way. Allocates nothing.
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

	/**
	 * Calls an observer with {@code cause} as the event being handled on this thread.
	 * @param cause the event the observer handles
	 * @param call the call
	 * @throws Throwable whatever the call throws
	 */
	public static void callHandling(Event<?> cause, Call call) throws Throwable {
		Event<?> previous = enter(cause);
		try {
			call.run();
		}
		finally {
			exit(previous);
		}
	}

	/**
	 * Wraps a call so that another thread runs it as this one would: with the event being handled here as
	 * the cause of what it publishes, and this thread's call chain, so that a publish from it never waits for
	 * the observers calling it. For wrappers that run an observer on a thread of their own (a handling
	 * timeout); this thread must wait for the call and must not dispatch meanwhile. A call left running after
	 * this thread gave up on it keeps using that state.
	 * @param call the call
	 * @return a call to run on the other thread
	 */
	public static Call handOver(Call call) {
		DispatchContext caller = DispatchContext.current();
		return () -> DispatchContext.runIn(caller, call);
	}

	/** An observer call. */
	@FunctionalInterface
	public interface Call {

		void run() throws Throwable;

	}

}
