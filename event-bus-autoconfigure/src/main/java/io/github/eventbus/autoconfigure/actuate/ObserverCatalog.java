package io.github.eventbus.autoconfigure.actuate;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

import io.github.eventbus.autoconfigure.ObserverDecorator;
import io.github.eventbus.dispatch.ObserverDefinition;
import org.jspecify.annotations.Nullable;

import org.springframework.core.Ordered;

/**
 * Every observer registered with the bus, as discovered: durable observers included, which the bus
 * hands to the durable extension and so does not list itself. Fills itself as an
 * {@link ObserverDecorator} that changes nothing. Thread-safe.
 */
final class ObserverCatalog implements ObserverDecorator, Ordered {

	private final Map<String, ObserverDefinition> observers = new ConcurrentSkipListMap<>();

	@Override
	public ObserverDefinition decorate(ObserverDefinition definition) {
		this.observers.put(definition.id(), definition);
		return definition;
	}

	/** Every observer, by id order. */
	public Collection<ObserverDefinition> observers() {
		return List.copyOf(this.observers.values());
	}

	/**
	 * One observer.
	 * @param id the observer id
	 * @return its definition, {@code null} if no observer has that id
	 */
	public @Nullable ObserverDefinition find(String id) {
		return this.observers.get(id);
	}

	@Override
	public int getOrder() {
		// First, so it records what was discovered rather than a wrapper.
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
