package io.github.eventbus.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import io.github.eventbus.EventBus;
import io.github.eventbus.dispatch.DispatchExtension;
import io.github.eventbus.dispatch.ObserverDefinition;
import io.github.eventbus.dispatch.ObserverMethods;
import io.github.eventbus.dispatch.ObserverRegistry;
import io.github.eventbus.store.EventStore;
import io.github.eventbus.store.jdbc.EventTypeRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.scope.ScopedProxyUtils;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.util.Assert;

/**
 * Registers the {@link io.github.eventbus.EventObserver} methods of every singleton bean with the
 * application's {@link ObserverRegistry} (the auto-configured bus, or the application's own
 * {@link EventBus} bean when it is a registry, such as a {@code DefaultEventBus} it built) once all
 * singletons exist, so that observers see the final bean (an AOP or transactional proxy included). An
 * application whose {@code EventBus} bean is no registry and that has observer methods fails startup:
 * nothing would ever call them.
 * <p>
 * {@link DispatchExtension} beans are added to the registry first, so that they are offered every
 * observer (durable observers, Kafka consumers); after them a check that fails startup for an observer
 * of a {@link io.github.eventbus.EventObserver#source()} no extension took, which would otherwise
 * silently receive local events. {@link ObserverDecorator} beans (metrics, MDC, observations) decorate
 * each observer before it is registered.
 * <p>
 * The payload type of every observer is added to each {@link EventTypeRegistry} bean first (concrete
 * classes only, see {@link EventTypeRegistry#registerObserved(Class)}): a durable observer in a freshly
 * started application reads events that other instances stored before this one appended anything, and
 * would otherwise dead-letter them as unknown. This runs once all singletons exist, before any
 * {@link org.springframework.context.SmartLifecycle} (durable observers, sagas, Kafka consumers) starts
 * reading.
 * Lazy beans that nobody has created yet, prototypes and scoped beans are not scanned. An invalid
 * observer method fails startup with an
 * {@link io.github.eventbus.dispatch.InvalidObserverMethodException} naming the bean and the method.
 */
final class ObserverRegistrar implements SmartInitializingSingleton, BeanFactoryAware {

	private static final Log logger = LogFactory.getLog(ObserverRegistrar.class);

	private final ObjectProvider<ObserverRegistry> registry;

	private final ObjectProvider<EventBus> bus;

	private final ObjectProvider<DispatchExtension> extensions;

	private final @Nullable ObjectProvider<ObserverDecorator> decorators;

	private final @Nullable ObjectProvider<EventTypeRegistry> typeRegistries;

	private @Nullable ConfigurableListableBeanFactory beanFactory;

	ObserverRegistrar(ObjectProvider<ObserverRegistry> registry, ObjectProvider<EventBus> bus,
			ObjectProvider<DispatchExtension> extensions, @Nullable ObjectProvider<ObserverDecorator> decorators,
			@Nullable ObjectProvider<EventTypeRegistry> typeRegistries) {
		this.registry = registry;
		this.bus = bus;
		this.extensions = extensions;
		this.decorators = decorators;
		this.typeRegistries = typeRegistries;
	}

	@Override
	public void setBeanFactory(BeanFactory beanFactory) throws BeansException {
		Assert.isInstanceOf(ConfigurableListableBeanFactory.class, beanFactory);
		this.beanFactory = (ConfigurableListableBeanFactory) beanFactory;
	}

	@Override
	public void afterSingletonsInstantiated() {
		List<ObserverDefinition> observers = discover();
		ObserverRegistry registry = this.registry.getIfUnique();
		if (registry == null) {
			if (!observers.isEmpty()) {
				throw new IllegalStateException(NoObserverRegistry.message(this.bus.getIfAvailable(),
						observers.size() + " @EventObserver method(s), " + observers.get(0).describe() + " first"));
			}
			logger.debug("No unique ObserverRegistry bean and no @EventObserver method");
			return;
		}
		this.extensions.orderedStream().forEach(registry::addExtension);
		registry.addExtension(new UnfedSourceCheck());
		allowPayloadTypes(observers);
		List<ObserverDecorator> decorators = (this.decorators != null) ? this.decorators.orderedStream().toList()
				: List.of();
		for (ObserverDefinition observer : observers) {
			for (ObserverDecorator decorator : decorators) {
				observer = decorator.decorate(observer);
			}
			registry.register(observer);
		}
		if (logger.isDebugEnabled()) {
			logger.debug("Registered " + observers.size() + " @EventObserver method(s)");
		}
	}

	private void allowPayloadTypes(List<ObserverDefinition> observers) {
		if (this.typeRegistries == null) {
			return;
		}
		this.typeRegistries.forEach((registry) -> {
			for (ObserverDefinition observer : observers) {
				registry.registerObserved(observer.payloadType());
			}
		});
	}

	private List<ObserverDefinition> discover() {
		ConfigurableListableBeanFactory beanFactory = this.beanFactory;
		Assert.state(beanFactory != null, "No BeanFactory");
		List<ObserverDefinition> observers = new ArrayList<>();
		for (String beanName : beanFactory.getSingletonNames()) {
			if (ScopedProxyUtils.isScopedTarget(beanName)) {
				continue;
			}
			Object bean = beanFactory.getSingleton(beanName);
			if (isInfrastructure(bean) || !ObserverMethods.isCandidate(bean)) {
				continue;
			}
			observers.addAll(ObserverMethods.discover(beanName, bean));
		}
		return observers;
	}

	private boolean isInfrastructure(@Nullable Object bean) {
		return bean == this || bean instanceof EventBus || bean instanceof ObserverRegistry
				|| bean instanceof EventStore || bean instanceof DispatchExtension || bean instanceof EventBusLifecycle
				|| bean instanceof ObserverDecorator;
	}

}
