package io.github.eventbus.autoconfigure.console;

import java.util.HashMap;
import java.util.Map;

import io.github.eventbus.metrics.EventBusMeters;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.jspecify.annotations.Nullable;


/** Events each observer has handled so far, from the documented handling timer, when there are meters. */
final class Throughputs {

	private Throughputs() {
	}

	static Map<String, Long> handledCounts(@Nullable MeterRegistry registry) {
		Map<String, Long> counts = new HashMap<>();
		if (registry == null) {
			return counts;
		}
		String observerTag = EventBusMeters.EventBusKeys.OBSERVER.asString();
		for (Timer timer : registry.find(EventBusMeters.OBSERVER_HANDLING.getName()).timers()) {
			String observer = timer.getId().getTag(observerTag);
			if (observer != null) {
				counts.merge(observer, timer.count(), Long::sum);
			}
		}
		return counts;
	}

}
