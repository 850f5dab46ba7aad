package io.github.eventbus.autoconfigure;

import io.github.eventbus.dispatch.ObserverDefinition;

/**
 * Decorates each discovered observer before it is registered with the bus: the hook metrics, logging
 * MDC and observations use to wrap the observer's invoker (see {@link ObserverInvokers}) without
 * touching the dispatcher. Beans of this type are applied in {@link org.springframework.core.Ordered}
 * order, each to the result of the previous one, so the last one is the outermost wrapper.
 * <p>
 * Called once per observer at startup, never on the publish path.
 */
@FunctionalInterface
public interface ObserverDecorator {

	/**
	 * Decorates one observer.
	 * @param definition the observer as discovered (or as decorated so far)
	 * @return the definition to register: the same one, or one with a wrapped invoker
	 */
	ObserverDefinition decorate(ObserverDefinition definition);

}
