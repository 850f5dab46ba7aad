package io.github.eventbus.autoconfigure.metrics;

import io.github.eventbus.dispatch.ObserverRegistry;
import io.github.eventbus.durable.DurableObservers;
import io.github.eventbus.store.EventStore;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Micrometer meters of the event bus (see {@link io.github.eventbus.metrics.EventBusMeters}): events
 * published, observer handling time by outcome, mailbox size, durable lag and dead letters, store append
 * latency and batch size, executor saturation. Needs Micrometer and a {@link MeterRegistry} bean;
 * {@code eventbus.metrics.enabled=false} turns it off. {@link EventBusMeterCustomizer} beans rename
 * meters or change their tags.
 */
@AutoConfiguration(afterName = { "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
		"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
		"org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration",
		"io.github.eventbus.autoconfigure.EventBusAutoConfiguration",
		"io.github.eventbus.autoconfigure.durable.DurableObserversAutoConfiguration" })
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean(MeterRegistry.class)
@ConditionalOnBooleanProperty(name = "eventbus.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "eventbus.metrics.enabled", matchIfMissing = true)
public final class EventBusMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	EventBusMetrics eventBusMetrics(MeterRegistry registry, ObjectProvider<EventBusMeterCustomizer> customizers) {
		return new EventBusMetrics(registry, customizers.orderedStream().toList());
	}

	@Bean
	static EventBusMetricsPostProcessor eventBusMetricsPostProcessor() {
		return new EventBusMetricsPostProcessor();
	}

	@Bean
	PublishedEventsCounter eventBusPublishedEventsCounter(EventBusMetrics metrics) {
		return new PublishedEventsCounter(metrics);
	}

	@Bean
	ObserverMetrics eventBusObserverMetrics(EventBusMetrics metrics, ObjectProvider<ObserverRegistry> registry,
			ObjectProvider<DurableObservers> durableObservers) {
		return new ObserverMetrics(metrics, registry, durableObservers);
	}

	@Bean
	ExecutorMetrics eventBusExecutorMetrics(BeanFactory beanFactory, EventBusMetrics metrics) {
		return new ExecutorMetrics(beanFactory, metrics);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.springframework.jdbc.core.JdbcTemplate")
	static class JdbcStoreMetricsConfiguration {

		@Bean
		JdbcStoreMetrics eventBusJdbcStoreMetrics(ObjectProvider<EventStore> store, EventBusMetrics metrics) {
			return new JdbcStoreMetrics(store, metrics);
		}

	}

}
