package io.github.eventbus.saga;

import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * What a saga handler may do to its own instance besides changing its state. Declare it as a parameter of a
 * {@link SagaEventHandler} or {@link DeadlineHandler} method; it is valid only during that call. Changes
 * take effect when the handler returns normally, together with the new state; a handler that throws
 * changes nothing.
 * <p>
 * Not thread-safe: use it on the handler's thread.
 */
public interface SagaLifecycle {

	/** The id of this instance. */
	String sagaId();

	/**
	 * Associates this instance with a further value, so events carrying it reach this instance, for example
	 * {@code associateWith("paymentId", event.paymentId())}.
	 * @param key the association key, as named by {@link SagaEventHandler#associationKey()}
	 * @param value the value
	 */
	void associateWith(String key, String value);

	/** Ends this instance once the handler returns, as {@link EndSaga} does. */
	void end();

	/**
	 * Schedules a deadline after a delay measured from now (the injected {@code Clock}).
	 * @param name the name a {@link DeadlineHandler} method listens for
	 * @param delay how long from now
	 * @return the deadline's id, to cancel it
	 */
	default String scheduleDeadline(String name, Duration delay) {
		return scheduleDeadline(name, delay, null);
	}

	/**
	 * Schedules a deadline after a delay measured from now, with a payload handed to the handler.
	 * @param name the name a {@link DeadlineHandler} method listens for
	 * @param delay how long from now
	 * @param payload stored as JSON, or {@code null}
	 * @return the deadline's id, to cancel it
	 */
	String scheduleDeadline(String name, Duration delay, @Nullable Object payload);

	/**
	 * Schedules a deadline at an instant.
	 * @param name the name a {@link DeadlineHandler} method listens for
	 * @param dueAt when it falls due
	 * @param payload stored as JSON, or {@code null}
	 * @return the deadline's id, to cancel it
	 */
	String scheduleDeadline(String name, Instant dueAt, @Nullable Object payload);

	/**
	 * Cancels one deadline of this instance; nothing happens if it has fired and been handled already.
	 * @param deadlineId the id returned when it was scheduled
	 */
	void cancelDeadline(String deadlineId);

	/**
	 * Cancels every pending deadline of this instance with that name.
	 * @param name the deadline name
	 */
	void cancelDeadlines(String name);

}
