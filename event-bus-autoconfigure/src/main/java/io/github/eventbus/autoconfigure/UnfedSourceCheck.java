package io.github.eventbus.autoconfigure;

import io.github.eventbus.EventObserver;
import io.github.eventbus.dispatch.DispatchExtension;
import io.github.eventbus.dispatch.ObserverDefinition;

import org.springframework.core.annotation.AnnotatedElementUtils;

/**
 * The last extension of the registry: an observer of another {@link EventObserver#source()} that no
 * extension before it took would silently get local events instead, so it fails startup.
 */
final class UnfedSourceCheck implements DispatchExtension {

	@Override
	public boolean register(ObserverDefinition definition) {
		EventObserver annotation = AnnotatedElementUtils.findMergedAnnotation(definition.method(),
				EventObserver.class);
		if (annotation != null && !annotation.source().isEmpty()) {
			throw new IllegalStateException("Observer '" + definition.id() + "' (" + definition.describe()
					+ ") has source '" + annotation.source() + "' but nothing feeds that source; for 'kafka' add "
					+ "the event-bus-kafka module and set eventbus.kafka.enabled=true");
		}
		return false;
	}

}
