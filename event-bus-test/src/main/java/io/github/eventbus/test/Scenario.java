package io.github.eventbus.test;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;

import io.github.eventbus.EventBus;
import io.github.eventbus.PublishResult;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Drives a test through the event bus: run a stimulus (publish an event, call a method, send an HTTP
 * request), then wait for what should follow it. Each wait fails with an {@link AssertionError} that lists
 * every event published since the stimulus began.
 *
 * <pre class="code">
 * scenario.publish(new OrderPlaced("order-1", "MUG", 1))
 *     .andWaitForEvent(OrderShipped.class, (shipped) -&gt; shipped.orderId().equals("order-1"));
 *
 * scenario.stimulate(() -&gt; orders.place("MUG", 1))
 *     .andWaitForDurableObservers()
 *     .andWaitForSaga(OrderFulfillmentSaga.class, "orderId", orderId)
 *     .toReach(OrderFulfillment.class, (state) -&gt; state.getStep().equals("completed"));
 * </pre>
 *
 * A bean of the test slices ({@link EventBusTest}, {@link AutoConfigureEventBusTest}); inject it or declare it
 * as a test method parameter. Immutable and thread-safe.
 */
public final class Scenario {

	private static final Log logger = LogFactory.getLog(Scenario.class);

	/** How long a wait takes at most unless {@link #withTimeout(Duration)} says otherwise. */
	public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

	private final EventBus bus;

	private final Waits waits;

	Scenario(EventBus bus, Waits waits) {
		this.bus = bus;
		this.waits = waits;
	}

	/**
	 * This scenario with another limit for each wait.
	 * @param timeout how long a wait may take before it fails
	 * @return a scenario waiting that long
	 */
	public Scenario withTimeout(Duration timeout) {
		return new Scenario(this.bus, this.waits.withTimeout(timeout));
	}

	/**
	 * Publishes one payload (its stream from its {@code @StreamId}, if any).
	 * @param payload the payload
	 * @return what to wait for next; its result is the bus's {@link PublishResult}
	 */
	public ScenarioResult<PublishResult> publish(Object payload) {
		return stimulate(() -> this.bus.publish(payload));
	}

	/**
	 * Publishes one payload to a stream.
	 * @param streamId the stream
	 * @param payload the payload
	 * @return what to wait for next; its result is the bus's {@link PublishResult}
	 */
	public ScenarioResult<PublishResult> publish(String streamId, Object payload) {
		return stimulate(() -> this.bus.publish(streamId, payload));
	}

	/**
	 * Runs a stimulus that returns something: a service call, an HTTP request.
	 * @param <T> what it returns
	 * @param stimulus the stimulus, run on the test's thread
	 * @return what to wait for next, with the stimulus's result
	 */
	public <T> ScenarioResult<T> stimulate(Supplier<T> stimulus) {
		Objects.requireNonNull(stimulus, "stimulus");
		int start = this.waits.recorded().size();
		T result = stimulus.get();
		return new ScenarioResult<>(result, start, this.waits);
	}

	/**
	 * Runs a stimulus that returns nothing.
	 * @param stimulus the stimulus, run on the test's thread
	 * @return what to wait for next
	 */
	public ScenarioResult<Void> stimulate(Runnable stimulus) {
		Objects.requireNonNull(stimulus, "stimulus");
		return stimulate(() -> {
			stimulus.run();
			return null;
		});
	}

	/**
	 * Waits, without a stimulus, until the bus is idle and every durable observer has handled everything
	 * stored (lag 0 on each one).
	 */
	public void awaitDurableObservers() {
		this.waits.durableObservers(this.waits.recorded().size());
	}

	/**
	 * Waits, like {@link #awaitDurableObservers()}, for what earlier tests set in motion, but never fails: an
	 * observer still retrying when the timeout is up only costs the next test a warning.
	 */
	void settle() {
		try {
			awaitDurableObservers();
		}
		catch (AssertionError ex) {
			logger.warn("The event bus did not settle before the next test; what is still running may be recorded "
					+ "as that test's events. " + ex.getMessage());
		}
	}

	Waits waits() {
		return this.waits;
	}

}
