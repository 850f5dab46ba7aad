package io.github.eventbus.test;

import java.util.List;

import io.github.eventbus.Event;
import io.github.eventbus.dispatch.DispatchExtension;

/** Hands every appended (and committed) event to the test's {@link RecordedEvents}. */
final class RecordingExtension implements DispatchExtension {

	private final RecordedEvents recorded;

	RecordingExtension(RecordedEvents recorded) {
		this.recorded = recorded;
	}

	@Override
	public void appended(List<Event<?>> events) {
		this.recorded.record(events);
	}

	@Override
	public String toString() {
		return "event-bus-test recorder";
	}

}
