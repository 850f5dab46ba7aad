package io.github.eventbus.autoconfigure.actuate;

import io.github.eventbus.EventBus;
import io.github.eventbus.deadletter.DeadLetters;
import io.github.eventbus.dispatch.ObserverRegistry;
import io.github.eventbus.durable.DurableObservers;
import io.github.eventbus.store.EventStore;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The {@code eventbus} actuator endpoint, when Spring Boot Actuator is present and the endpoint is
 * available (exposed and not switched off). Its write operations follow the endpoint's access:
 * read-only unless {@code management.endpoint.eventbus.access=unrestricted}.
 */
@AutoConfiguration(afterName = { "io.github.eventbus.autoconfigure.EventBusAutoConfiguration",
		"io.github.eventbus.autoconfigure.durable.DurableObserversAutoConfiguration" })
@ConditionalOnClass({ Endpoint.class, ConditionalOnAvailableEndpoint.class })
@ConditionalOnBean(EventBus.class)
public final class EventBusEndpointAutoConfiguration {

	/** Nested, so the endpoint condition is only loaded once the class check has passed. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnAvailableEndpoint(EventBusEndpoint.class)
	static class EndpointConfiguration {

		@Bean
		@ConditionalOnMissingBean
		ObserverCatalog eventBusObserverCatalog() {
			return new ObserverCatalog();
		}

		@Bean
		@ConditionalOnMissingBean
		EventBusEndpoint eventBusEndpoint(ObjectProvider<ObserverRegistry> registry, ObjectProvider<EventStore> store,
				ObserverCatalog catalog, ObjectProvider<DurableObservers> durableObservers,
				ObjectProvider<DeadLetters> deadLetters) {
			return new EventBusEndpoint(registry, store, catalog, durableObservers, deadLetters);
		}

	}

}
