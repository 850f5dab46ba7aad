package io.github.eventbus.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import io.github.eventbus.EventBus;
import io.github.eventbus.dispatch.DefaultEventBus;
import io.github.eventbus.dispatch.DispatchExtension;
import io.github.eventbus.dispatch.ObserverDefinition;
import io.github.eventbus.dispatch.ObserverMethods;
import io.github.eventbus.store.EventStore;
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
 * {@link DefaultEventBus} once all singletons exist, so that observers see the final bean (an AOP or
 * transactional proxy included).
 * <p>
 * {@link DispatchExtension} beans are added to the bus first, so that they are offered every observer.
 * Lazy beans that nobody has created yet, prototypes and scoped beans are not scanned. An invalid
 * observer method fails startup with an
 * {@link io.github.eventbus.dispatch.InvalidObserverMethodException} naming the bean and the method.
 */
final class ObserverRegistrar implements SmartInitializingSingleton, BeanFactoryAware {

	private static final Log logger = LogFactory.getLog(ObserverRegistrar.class);

	private final ObjectProvider<DefaultEventBus> bus;

	private final ObjectProvider<DispatchExtension> extensions;

	private @Nullable ConfigurableListableBeanFactory beanFactory;

	ObserverRegistrar(ObjectProvider<DefaultEventBus> bus, ObjectProvider<DispatchExtension> extensions) {
		this.bus = bus;
		this.extensions = extensions;
	}

	@Override
	public void setBeanFactory(BeanFactory beanFactory) throws BeansException {
		Assert.isInstanceOf(ConfigurableListableBeanFactory.class, beanFactory);
		this.beanFactory = (ConfigurableListableBeanFactory) beanFactory;
	}

	@Override
	public void afterSingletonsInstantiated() {
		DefaultEventBus bus = this.bus.getIfUnique();
		if (bus == null) {
			logger.debug("No unique DefaultEventBus bean: @EventObserver methods are not registered automatically");
			return;
		}
		this.extensions.orderedStream().forEach(bus::addExtension);
		List<ObserverDefinition> observers = discover();
		for (ObserverDefinition observer : observers) {
			bus.register(observer);
		}
		if (logger.isDebugEnabled()) {
			logger.debug("Registered " + observers.size() + " @EventObserver method(s)");
		}
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
		return bean == this || bean instanceof EventBus || bean instanceof EventStore
				|| bean instanceof DispatchExtension || bean instanceof EventBusLifecycle;
	}

}
