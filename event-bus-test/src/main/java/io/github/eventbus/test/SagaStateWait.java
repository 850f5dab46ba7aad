package io.github.eventbus.test;

import java.util.function.Predicate;

/**
 * Waits for one saga instance, found by an association, to reach a state. Obtained from
 * {@link ScenarioResult#andWaitForSaga(Class, String, String)}.
 */
public final class SagaStateWait {

	private final Waits waits;

	private final int start;

	private final Class<?> sagaClass;

	private final String key;

	private final String value;

	SagaStateWait(Waits waits, int start, Class<?> sagaClass, String key, String value) {
		this.waits = waits;
		this.start = start;
		this.sagaClass = sagaClass;
		this.key = key;
		this.value = value;
	}

	/**
	 * Waits until the instance exists and its stored state matches.
	 * @param <S> the state type
	 * @param stateType the state class ({@code @Saga(state = ...)})
	 * @param matching what the state must satisfy
	 * @return the state that matched
	 * @throws AssertionError if it does not in time, with the last state seen and the events published
	 */
	public <S> S toReach(Class<S> stateType, Predicate<? super S> matching) {
		return this.waits.saga(this.start, this.sagaClass, this.key, this.value, stateType, false, matching);
	}

	/**
	 * Waits until the instance exists and has ended.
	 * @param <S> the state type
	 * @param stateType the state class ({@code @Saga(state = ...)})
	 * @return its final state
	 * @throws AssertionError if it does not end in time
	 */
	public <S> S toEnd(Class<S> stateType) {
		return this.waits.saga(this.start, this.sagaClass, this.key, this.value, stateType, true, (state) -> true);
	}

}
