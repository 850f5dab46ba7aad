package io.github.eventbus.autoconfigure.handling;

import io.github.eventbus.EventBus;
import io.github.eventbus.autoconfigure.durable.DurableObserversProperties;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of {@link io.github.eventbus.EventObserver#timeout()} (with the default
 * {@code eventbus.observers.timeout}) and {@link io.github.eventbus.EventObserver#condition()}, for in-memory
 * observers, durable observers and sagas alike. Observers that set neither pay nothing.
 */
@AutoConfiguration
@ConditionalOnClass(EventBus.class)
@ConditionalOnBooleanProperty(name = "eventbus.enabled", matchIfMissing = true)
@EnableConfigurationProperties(DurableObserversProperties.class)
public final class ObserverHandlingAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ObserverTimeouts eventBusObserverTimeouts(DurableObserversProperties properties) {
		return new ObserverTimeouts(properties.getTimeout());
	}

	@Bean
	@ConditionalOnMissingBean
	ObserverConditions eventBusObserverConditions() {
		return new ObserverConditions();
	}

}
