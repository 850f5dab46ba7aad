package io.github.eventbus.test;

import java.util.function.Predicate;

import io.github.eventbus.Event;
import org.jspecify.annotations.Nullable;

/**
 * What a {@link Scenario} stimulus returned, and the waits that may follow it. Events count from the moment
 * the stimulus began, so an event published by the stimulus itself matches too.
 *
 * @param <T> the stimulus's result type
 */
public final class ScenarioResult<T extends @Nullable Object> {

	private final T result;

	private final int start;

	private final Waits waits;

	ScenarioResult(T result, int start, Waits waits) {
		this.result = result;
		this.start = start;
		this.waits = waits;
	}

	/** What the stimulus returned. */
	public T result() {
		return this.result;
	}

	/**
	 * Waits for an event whose payload is of a type (subtypes included).
	 * @param <E> the payload type
	 * @param type the payload type
	 * @return the first such payload published since the stimulus began
	 * @throws AssertionError if none arrives in time, listing what was published meanwhile
	 */
	public <E> E andWaitForEvent(Class<E> type) {
		return andWaitForEvent(type, (payload) -> true);
	}

	/**
	 * Waits for an event whose payload is of a type and matches a predicate.
	 * @param <E> the payload type
	 * @param type the payload type
	 * @param matching what the payload must satisfy
	 * @return the first such payload published since the stimulus began
	 * @throws AssertionError if none arrives in time, listing what was published meanwhile
	 */
	public <E> E andWaitForEvent(Class<E> type, Predicate<? super E> matching) {
		return andWaitForEnvelope(type, matching).payload();
	}

	/**
	 * Like {@link #andWaitForEvent(Class)}, returning the whole event (stream, version, position, metadata).
	 * @param <E> the payload type
	 * @param type the payload type
	 * @return the first such event published since the stimulus began
	 * @throws AssertionError if none arrives in time, listing what was published meanwhile
	 */
	public <E> Event<E> andWaitForEnvelope(Class<E> type) {
		return andWaitForEnvelope(type, (payload) -> true);
	}

	/**
	 * Like {@link #andWaitForEvent(Class, Predicate)}, returning the whole event (stream, version, position,
	 * metadata).
	 * @param <E> the payload type
	 * @param type the payload type
	 * @param matching what the payload must satisfy
	 * @return the first such event published since the stimulus began
	 */
	public <E> Event<E> andWaitForEnvelope(Class<E> type, Predicate<? super E> matching) {
		return this.waits.event(this.start, type, matching);
	}

	/**
	 * Waits until the bus is idle and every durable observer (and durable saga) has handled or
	 * dead-lettered every stored event: lag 0 on each one.
	 * @return this, to wait for more
	 * @throws AssertionError if they do not catch up in time, naming the observers behind
	 */
	public ScenarioResult<T> andWaitForDurableObservers() {
		this.waits.durableObservers(this.start);
		return this;
	}

	/**
	 * Starts waiting for a saga instance: the one associated with a value.
	 * @param sagaClass the {@link io.github.eventbus.saga.Saga} class
	 * @param associationKey the association key (the {@code associationProperty} by default)
	 * @param associationValue the value, such as an order id
	 * @return the wait, to say for what state
	 */
	public SagaStateWait andWaitForSaga(Class<?> sagaClass, String associationKey, String associationValue) {
		return new SagaStateWait(this.waits, this.start, sagaClass, associationKey, associationValue);
	}

}
