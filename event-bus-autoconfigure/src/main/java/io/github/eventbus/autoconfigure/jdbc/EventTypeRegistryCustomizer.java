package io.github.eventbus.autoconfigure.jdbc;

import io.github.eventbus.store.jdbc.EventTypeRegistry;

/**
 * Callback to customize the auto-configured {@link EventTypeRegistry} before any event is read, for
 * example to register {@link io.github.eventbus.store.jdbc.EventUpcaster upcasters} or payload classes.
 * Declare beans of this type; they are applied in order.
 */
@FunctionalInterface
public interface EventTypeRegistryCustomizer {

	/**
	 * Customizes the registry.
	 * @param registry the registry
	 */
	void customize(EventTypeRegistry registry);

}
