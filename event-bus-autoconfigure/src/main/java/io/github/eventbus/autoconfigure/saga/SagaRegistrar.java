package io.github.eventbus.autoconfigure.saga;

import io.github.eventbus.saga.DeadlineFired;
import io.github.eventbus.saga.Saga;
import io.github.eventbus.saga.SagaManager;
import io.github.eventbus.store.jdbc.EventTypeRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.util.Assert;
import org.springframework.util.ClassUtils;

/**
 * Hands every {@link Saga} bean to the {@link SagaManager} once all singletons exist, and allows
 * {@link DeadlineFired} events and the payload types of the sagas' handlers to be read back by a JDBC
 * event store's type registry, before the manager (a {@code SmartLifecycle}) starts them reading.
 */
final class SagaRegistrar implements SmartInitializingSingleton, BeanFactoryAware {

	private static final boolean JDBC_STORE_PRESENT = ClassUtils.isPresent(
			"io.github.eventbus.store.jdbc.EventTypeRegistry", SagaRegistrar.class.getClassLoader());

	private final SagaManager manager;

	private @Nullable ConfigurableListableBeanFactory beanFactory;

	SagaRegistrar(SagaManager manager) {
		this.manager = manager;
	}

	@Override
	public void setBeanFactory(BeanFactory beanFactory) throws BeansException {
		Assert.isInstanceOf(ConfigurableListableBeanFactory.class, beanFactory);
		this.beanFactory = (ConfigurableListableBeanFactory) beanFactory;
	}

	@Override
	public void afterSingletonsInstantiated() {
		ConfigurableListableBeanFactory beanFactory = this.beanFactory;
		Assert.state(beanFactory != null, "No BeanFactory");
		for (String beanName : beanFactory.getBeanNamesForAnnotation(Saga.class)) {
			if (beanFactory.getBeanDefinition(beanName).isAbstract()) {
				continue;
			}
			this.manager.register(beanName, beanFactory.getBean(beanName));
		}
		if (JDBC_STORE_PRESENT) {
			// Before the manager starts its durable observer, which may read events other instances stored.
			ObjectProvider<EventTypeRegistry> registries = beanFactory.getBeanProvider(EventTypeRegistry.class);
			registries.forEach((registry) -> {
				registry.register(DeadlineFired.class);
				this.manager.payloadTypes().forEach(registry::registerObserved);
			});
		}
	}

}
