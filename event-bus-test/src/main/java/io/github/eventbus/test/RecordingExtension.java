package io.github.eventbus.test;

import java.util.List;

import io.github.eventbus.Event;
import io.github.eventbus.dispatch.DispatchExtension;

import org.springframework.core.Ordered;

/**
 * Hands every appended (and committed) event to the test's {@link RecordedEvents}. First among the extensions,
 * so an event is recorded before durable observers are woken to handle it.
 */
final class RecordingExtension implements DispatchExtension, Ordered {

	private final RecordedEvents recorded;

	RecordingExtension(RecordedEvents recorded) {
		this.recorded = recorded;
	}

	@Override
	public void appended(List<Event<?>> events) {
		this.recorded.record(events);
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

	@Override
	public String toString() {
		return "event-bus-test recorder";
	}

}
