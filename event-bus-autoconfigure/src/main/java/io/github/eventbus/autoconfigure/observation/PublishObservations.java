package io.github.eventbus.autoconfigure.observation;

import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;

import io.github.eventbus.Event;
import io.github.eventbus.dispatch.DispatchExtension;
import io.github.eventbus.metrics.EventBusMeters.EventBusKeys;
import io.github.eventbus.metrics.EventBusObservations;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

/**
 * Makes a publish observation for each stored event, on the publisher's thread (so it is a child of
 * whatever the publisher is observed in, an HTTP request for example), and remembers it by position so
 * that the handle observations of that event, on any thread, become its children.
 * <p>
 * The observation marks the moment the event was stored and handed to dispatch; it does not time
 * dispatch. Only the latest {@value #SIZE} publishes are remembered: a handle observation of an older
 * event, or of one read back from the store by a durable observer after a restart, has no parent here.
 */
final class PublishObservations implements DispatchExtension {

	static final int SIZE = 8192;

	private final ObservationRegistry registry;

	private final AtomicReferenceArray<Published> recent = new AtomicReferenceArray<>(SIZE);

	PublishObservations(ObservationRegistry registry) {
		this.registry = registry;
	}

	@Override
	public void appended(List<Event<?>> events) {
		if (this.registry.isNoop()) {
			return;
		}
		for (int i = 0; i < events.size(); i++) {
			Event<?> event = events.get(i);
			EventObservationContext context = new EventObservationContext(event, null);
			Observation observation = EventBusObservations.PUBLISH.observation(this.registry, () -> context)
				.lowCardinalityKeyValue(EventBusKeys.EVENT_TYPE.asString(), event.type())
				.highCardinalityKeyValue("event.id", event.id().toString())
				.start();
			observation.stop();
			this.recent.set(slot(event), new Published(event, observation));
		}
	}

	/** The publish observation of {@code event}, if it was published here recently. */
	@Nullable Observation find(Event<?> event) {
		Published published = this.recent.get(slot(event));
		return (published != null && published.event == event) ? published.observation : null;
	}

	private static int slot(Event<?> event) {
		return (int) (event.position() & (SIZE - 1));
	}

	private record Published(Event<?> event, Observation observation) {
	}

}
