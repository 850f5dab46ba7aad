package io.github.eventbus.test;

import org.springframework.context.ApplicationContext;
import org.springframework.core.Ordered;
import org.springframework.test.context.TestContext;
import org.springframework.test.context.TestExecutionListener;

/**
 * Resets what the test slices keep between test methods of one application context: before each test it
 * lets the bus and the durable observers finish what the previous test set in motion (a saga step, an event
 * a durable observer publishes), so that none of it is recorded as this test's, then clears the
 * {@link RecordedEvents} and unfreezes the {@link TestClock}.
 */
final class EventBusTestExecutionListener implements TestExecutionListener, Ordered {

	@Override
	public void beforeTestMethod(TestContext testContext) {
		if (!testContext.hasApplicationContext()) {
			return;
		}
		ApplicationContext context = testContext.getApplicationContext();
		context.getBeanProvider(Scenario.class).ifAvailable(Scenario::settle);
		context.getBeanProvider(RecordedEvents.class).ifAvailable(RecordedEvents::clear);
		context.getBeanProvider(TestClock.class).ifAvailable(TestClock::thaw);
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

}
