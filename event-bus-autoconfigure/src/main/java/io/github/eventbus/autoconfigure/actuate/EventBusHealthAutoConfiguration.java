package io.github.eventbus.autoconfigure.actuate;

import io.github.eventbus.durable.DurableObservers;
import io.github.eventbus.store.EventStore;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The {@code eventbus} health indicator, when Spring Boot's health support is present, unless
 * {@code management.health.eventbus.enabled=false}.
 */
@AutoConfiguration(afterName = { "io.github.eventbus.autoconfigure.EventBusAutoConfiguration",
		"io.github.eventbus.autoconfigure.durable.DurableObserversAutoConfiguration" },
		beforeName = "org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration")
@ConditionalOnClass({ HealthIndicator.class, ConditionalOnEnabledHealthIndicator.class })
@ConditionalOnBean(EventStore.class)
@ConditionalOnBooleanProperty(name = "eventbus.enabled", matchIfMissing = true)
@EnableConfigurationProperties(EventBusHealthProperties.class)
public final class EventBusHealthAutoConfiguration {

	/** Nested, so the health condition is only loaded once the class check has passed. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnEnabledHealthIndicator("eventbus")
	static class HealthIndicatorConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "eventbusHealthIndicator")
		EventBusHealthIndicator eventbusHealthIndicator(EventStore store,
				ObjectProvider<DurableObservers> durableObservers, EventBusHealthProperties properties) {
			return new EventBusHealthIndicator(store, durableObservers.getIfUnique(), properties);
		}

	}

}
