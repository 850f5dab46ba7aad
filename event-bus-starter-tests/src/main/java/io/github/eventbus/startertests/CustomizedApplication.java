package io.github.eventbus.startertests;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.eventbus.EventObserver;
import io.github.eventbus.EventType;
import io.github.eventbus.autoconfigure.ObserverDecorator;
import io.github.eventbus.autoconfigure.jdbc.EventTypeRegistryCustomizer;
import io.github.eventbus.autoconfigure.metrics.EventBusMeterCustomizer;
import io.github.eventbus.metrics.EventBusMeters;
import io.micrometer.core.instrument.Tags;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/**
 * Declares a bean of each type the starter lets applications customize it with. It compiles only if the
 * starter brings those types at compile scope.
 */
@SpringBootApplication
public class CustomizedApplication {

	/** Ids of the observers the decorator saw, in order. */
	final List<String> decorated = new CopyOnWriteArrayList<>();

	/** Payloads the observer received. */
	final List<ParcelShipped> received = new CopyOnWriteArrayList<>();

	@Bean
	ObserverDecorator recordingDecorator() {
		return (definition) -> {
			this.decorated.add(definition.id());
			return definition;
		};
	}

	@Bean
	EventTypeRegistryCustomizer parcelTypes() {
		return (registry) -> registry.register(ParcelShipped.class);
	}

	@Bean
	EventBusMeterCustomizer boundedContextTag() {
		return new EventBusMeterCustomizer() {

			@Override
			public Tags tags(EventBusMeters meter, Tags tags) {
				return tags.and("bounded.context", "shipping");
			}

		};
	}

	@EventObserver(id = "parcels")
	void on(ParcelShipped parcel) {
		this.received.add(parcel);
	}

	/**
	 * A payload.
	 * @param parcelId the parcel
	 */
	@EventType("parcel-shipped")
	public record ParcelShipped(String parcelId) {
	}

}
