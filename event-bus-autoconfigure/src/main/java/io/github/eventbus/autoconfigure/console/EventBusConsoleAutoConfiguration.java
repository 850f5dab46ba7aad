package io.github.eventbus.autoconfigure.console;

import java.util.Map;

import io.github.eventbus.EventBus;
import io.github.eventbus.deadletter.DeadLetters;
import io.github.eventbus.dispatch.ObserverRegistry;
import io.github.eventbus.durable.DurableObservers;
import io.github.eventbus.store.EventStore;
import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.EndpointAccessResolver;
import org.springframework.boot.actuate.endpoint.EndpointId;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.web.servlet.DispatcherServlet;

/**
 * The operations console, when {@code eventbus.console.enabled=true} in a servlet web application: a page at
 * {@code eventbus.console.path} (default {@code /eventbus-console}) with every observer's state, owner,
 * checkpoint, lag and throughput, the dead letters of each observer with their event's JSON, and a stream's
 * history. Replay and discard are allowed only when the {@code eventbus} actuator endpoint's access is
 * {@code unrestricted}; otherwise, and without Actuator, the console is read-only. Requests go through the
 * application's Spring Security filter chain like any other.
 */
@AutoConfiguration(afterName = { "io.github.eventbus.autoconfigure.EventBusAutoConfiguration",
		"io.github.eventbus.autoconfigure.durable.DurableObserversAutoConfiguration",
		"io.github.eventbus.autoconfigure.saga.SagaAutoConfiguration",
		"org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
		"org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration" })
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({ DispatcherServlet.class, JsonMapper.class })
@ConditionalOnBooleanProperty("eventbus.console.enabled")
@ConditionalOnBean(EventBus.class)
@EnableConfigurationProperties(ConsoleProperties.class)
@Import({ EventBusConsoleAutoConfiguration.ActuatorAccessConfiguration.class,
		EventBusConsoleAutoConfiguration.NoActuatorConfiguration.class,
		EventBusConsoleAutoConfiguration.MetricsConfiguration.class,
		EventBusConsoleAutoConfiguration.NoMetricsConfiguration.class })
public final class EventBusConsoleAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ConsoleModel eventBusConsoleModel(ObjectProvider<ObserverRegistry> registry, ObjectProvider<EventStore> store,
			ObjectProvider<DurableObservers> durableObservers, ObjectProvider<DeadLetters> deadLetters,
			HandledCounts handledCounts, ObjectProvider<JsonMapper> mapper) {
		return new ConsoleModel(registry, store, durableObservers, deadLetters, handledCounts,
				mapper.getIfAvailable(JsonMapper::new));
	}

	@Bean
	@ConditionalOnMissingBean
	ConsoleController eventBusConsoleController(ConsoleModel model, ConsoleAccess access,
			ConsoleProperties properties) {
		return new ConsoleController(model, access, properties);
	}

	/** Writes follow the {@code eventbus} endpoint's access: {@code management.endpoint.eventbus.access}. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(EndpointAccessResolver.class)
	static class ActuatorAccessConfiguration {

		@Bean
		@ConditionalOnMissingBean
		ConsoleAccess eventBusConsoleAccess(ObjectProvider<EndpointAccessResolver> resolver) {
			return () -> {
				EndpointAccessResolver endpoints = resolver.getIfAvailable();
				return endpoints != null
						&& endpoints.accessFor(EndpointId.of("eventbus"), Access.READ_ONLY) == Access.UNRESTRICTED;
			};
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnMissingClass("org.springframework.boot.actuate.endpoint.EndpointAccessResolver")
	static class NoActuatorConfiguration {

		@Bean
		@ConditionalOnMissingBean
		ConsoleAccess eventBusConsoleAccess() {
			return () -> false;
		}

	}

	/** Throughput from the documented handling timer. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterRegistry.class)
	static class MetricsConfiguration {

		@Bean
		@ConditionalOnMissingBean
		HandledCounts eventBusConsoleHandledCounts(ObjectProvider<MeterRegistry> meterRegistry) {
			return () -> Throughputs.handledCounts(meterRegistry.getIfAvailable());
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnMissingClass("io.micrometer.core.instrument.MeterRegistry")
	static class NoMetricsConfiguration {

		@Bean
		@ConditionalOnMissingBean
		HandledCounts eventBusConsoleHandledCounts() {
			return Map::of;
		}

	}

}
