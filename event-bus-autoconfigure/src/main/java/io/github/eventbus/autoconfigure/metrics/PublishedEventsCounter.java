package io.github.eventbus.autoconfigure.metrics;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

import io.github.eventbus.Event;
import io.github.eventbus.dispatch.DispatchExtension;
import io.github.eventbus.metrics.EventBusMeters;
import io.github.eventbus.metrics.EventBusMeters.EventBusKeys;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Tags;

/**
 * Counts events once they are stored (and committed): a {@link DispatchExtension} that takes over no
 * observer. One counter per event type, looked up without allocating.
 */
final class PublishedEventsCounter implements DispatchExtension {

	private final EventBusMetrics metrics;

	private final ConcurrentHashMap<String, Counter> counters = new ConcurrentHashMap<>();

	PublishedEventsCounter(EventBusMetrics metrics) {
		this.metrics = metrics;
	}

	@Override
	public void appended(List<Event<?>> events) {
		for (int i = 0; i < events.size(); i++) {
			String type = events.get(i).type();
			Counter counter = this.counters.get(type);
			if (counter == null) {
				counter = this.counters.computeIfAbsent(type, (key) -> this.metrics
					.counter(EventBusMeters.EVENTS_PUBLISHED, Tags.of(EventBusKeys.EVENT_TYPE.asString(), key)));
			}
			counter.increment();
		}
	}

}
