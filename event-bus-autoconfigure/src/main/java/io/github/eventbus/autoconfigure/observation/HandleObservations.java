package io.github.eventbus.autoconfigure.observation;

import java.lang.invoke.MethodHandle;

import io.github.eventbus.Event;
import io.github.eventbus.autoconfigure.ObserverDecorator;
import io.github.eventbus.autoconfigure.ObserverInvokers;
import io.github.eventbus.autoconfigure.ObserverInvokers.ObserverCall;
import io.github.eventbus.dispatch.ObserverDefinition;
import io.github.eventbus.metrics.EventBusMeters.EventBusKeys;
import io.github.eventbus.metrics.EventBusObservations;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;

import org.springframework.core.Ordered;

/**
 * Wraps each observer in a handle observation, child of the event's publish observation when it is
 * known ({@link PublishObservations}), and in scope while the observer runs, so spans and logs the
 * observer makes belong to it.
 */
final class HandleObservations implements ObserverDecorator, Ordered {

	/** Inside the MDC, outside the metrics timer. */
	static final int ORDER = 100;

	private final ObservationRegistry registry;

	private final PublishObservations published;

	HandleObservations(ObservationRegistry registry, PublishObservations published) {
		this.registry = registry;
		this.published = published;
	}

	@Override
	public ObserverDefinition decorate(ObserverDefinition definition) {
		String observerId = definition.id();
		return ObserverInvokers.wrap(definition, (next) -> new ObservedCall(next, observerId));
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

	private final class ObservedCall implements ObserverCall {

		private final MethodHandle next;

		private final String observerId;

		ObservedCall(MethodHandle next, String observerId) {
			this.next = next;
			this.observerId = observerId;
		}

		@Override
		public void call(Event<?> event) throws Throwable {
			ObservationRegistry registry = HandleObservations.this.registry;
			if (registry.isNoop()) {
				this.next.invokeExact((Object) event);
				return;
			}
			EventObservationContext context = new EventObservationContext(event, this.observerId);
			Observation observation = EventBusObservations.HANDLE.observation(registry, () -> context)
				.lowCardinalityKeyValue(EventBusKeys.OBSERVER.asString(), this.observerId)
				.lowCardinalityKeyValue(EventBusKeys.EVENT_TYPE.asString(), event.type())
				.highCardinalityKeyValue("event.id", event.id().toString());
			Observation parent = HandleObservations.this.published.find(event);
			if (parent != null) {
				observation.parentObservation(parent);
			}
			observation.start();
			try (Observation.Scope scope = observation.openScope()) {
				this.next.invokeExact((Object) event);
			}
			catch (Throwable ex) {
				observation.error(ex);
				throw ex;
			}
			finally {
				observation.stop();
			}
		}

	}

}
