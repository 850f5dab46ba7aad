package io.github.eventbus.test;

/**
 * Entry point of the AssertJ assertions over {@link RecordedEvents}; import it statically next to AssertJ's
 * {@code Assertions.assertThat}:
 *
 * <pre class="code">
 * assertThat(events).contains(OrderShipped.class, (shipped) -&gt; shipped.orderId().equals("order-1"))
 *     .doesNotContain(OrderCancelled.class);
 * </pre>
 */
public final class EventBusAssertions {

	private EventBusAssertions() {
	}

	/**
	 * Starts assertions over the events recorded so far.
	 * @param actual the recorded events
	 * @return the assertion
	 */
	public static RecordedEventsAssert assertThat(RecordedEvents actual) {
		return new RecordedEventsAssert(actual);
	}

}
