package io.github.eventbus.autoconfigure.saga;

import java.util.List;

import io.github.eventbus.EventBus;
import io.github.eventbus.dispatch.DispatchExtension;
import io.github.eventbus.dispatch.ObserverDefinition;
import io.github.eventbus.dispatch.ObserverRegistry;
import io.github.eventbus.dispatch.ObserverSnapshot;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;

/**
 * The application's {@link ObserverRegistry}, looked up when the saga manager first registers (it starts
 * after every singleton exists), not when it is created: an {@code EventBus} bean method declared to
 * return the interface is only known to be a registry once it has run.
 */
final class LazyObserverRegistry implements ObserverRegistry {

	private final ObjectProvider<ObserverRegistry> registry;

	private final ObjectProvider<EventBus> bus;

	private volatile @Nullable ObserverRegistry resolved;

	LazyObserverRegistry(ObjectProvider<ObserverRegistry> registry, ObjectProvider<EventBus> bus) {
		this.registry = registry;
		this.bus = bus;
	}

	private ObserverRegistry resolve() {
		ObserverRegistry current = this.resolved;
		if (current == null) {
			current = this.registry.getIfUnique();
			if (current == null) {
				EventBus bus = this.bus.getIfAvailable();
				throw new IllegalStateException("Cannot run @Saga beans: "
						+ ((bus != null) ? "the EventBus bean (" + bus.getClass().getName() + ")" : "there is no EventBus bean and")
						+ " is no io.github.eventbus.dispatch.ObserverRegistry to register their observers with. Return a "
						+ "DefaultEventBus from your EventBus bean, declare the registry as a bean of its own, or set "
						+ "eventbus.saga.enabled=false");
			}
			this.resolved = current;
		}
		return current;
	}

	@Override
	public void register(ObserverDefinition definition) {
		resolve().register(definition);
	}

	@Override
	public void addExtension(DispatchExtension extension) {
		resolve().addExtension(extension);
	}

	@Override
	public List<ObserverSnapshot> observers() {
		return resolve().observers();
	}

}
