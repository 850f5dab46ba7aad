package io.github.eventbus.test;

import java.time.Duration;
import java.time.Instant;

import io.github.eventbus.saga.DeadlineScheduler;

import org.springframework.beans.factory.ObjectProvider;

/**
 * Moves saga time forward without waiting: {@link #advanceTime(Duration)} lets the sagas finish what they are
 * handling, moves the application's {@link TestClock} and fires every deadline that is then due, at once.
 *
 * <pre class="code">
 * sagaFixture.advanceTime(Duration.ofMinutes(30))
 *     .andWaitForEvent(OrderCancelled.class, (cancelled) -&gt; cancelled.reason().equals("PAYMENT_TIMEOUT"));
 * </pre>
 *
 * A bean of the test slices ({@link EventBusTest}, {@link AutoConfigureEventBusTest}). Thread-safe.
 */
public final class SagaFixture {

	private final TestClock clock;

	private final ObjectProvider<DeadlineScheduler> scheduler;

	private final Scenario scenario;

	SagaFixture(TestClock clock, ObjectProvider<DeadlineScheduler> scheduler, Scenario scenario) {
		this.clock = clock;
		this.scheduler = scheduler;
		this.scenario = scenario;
	}

	/** The current instant of the application's clock. */
	public Instant now() {
		return this.clock.instant();
	}

	/** The application's clock. */
	public TestClock clock() {
		return this.clock;
	}

	/**
	 * Waits until the bus and the durable observers (sagas included) are idle, so that every deadline already
	 * asked for is stored, then advances the clock and fires the deadlines now due.
	 * @param duration how far to move time
	 * @return what to wait for next; its result is how many deadlines fired
	 * @throws IllegalStateException if the application has no saga deadline scheduler
	 */
	public ScenarioResult<Integer> advanceTime(Duration duration) {
		DeadlineScheduler deadlines = this.scheduler.getIfAvailable();
		if (deadlines == null) {
			throw new IllegalStateException("No saga DeadlineScheduler bean: the application has no @Saga bean");
		}
		this.scenario.awaitDurableObservers();
		return this.scenario.stimulate(() -> {
			this.clock.advance(duration);
			return deadlines.fireDue();
		});
	}

}
