package io.github.eventbus.dispatch;

import java.util.List;

import io.github.eventbus.Event;
import io.github.eventbus.ObserverFailure;
import io.github.eventbus.PublishResult;

/** The {@link PublishResult} implementations. */
final class Results {

	private Results() {
	}

	static PublishResult dispatched(Event<?> event, List<ObserverFailure> failures) {
		return new DispatchedOne(event, failures);
	}

	static PublishResult dispatched(List<Event<?>> events, List<ObserverFailure> failures) {
		return new Dispatched(List.copyOf(events), failures);
	}

	static PublishResult pending(List<Event<?>> events) {
		return new Pending(List.copyOf(events));
	}

	private record Dispatched(List<Event<?>> events, List<ObserverFailure> failures) implements PublishResult {

		@Override
		public boolean isDispatched() {
			return true;
		}

	}

	/** The result of a single publish: one object, the list built only when asked for. */
	private record DispatchedOne(Event<?> event, List<ObserverFailure> failures) implements PublishResult {

		@Override
		public List<Event<?>> events() {
			return List.of(this.event);
		}

		@Override
		public boolean isDispatched() {
			return true;
		}

	}

	private record Pending(List<Event<?>> events) implements PublishResult {

		@Override
		public boolean isDispatched() {
			return false;
		}

		@Override
		public List<ObserverFailure> failures() {
			return List.of();
		}

	}

}
