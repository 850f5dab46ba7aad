package io.github.eventbus.autoconfigure.observation;

import io.micrometer.observation.ObservationRegistry;
import org.slf4j.MDC;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Correlation for the event bus: the event's ids in the logging MDC while an observer runs (with SLF4J,
 * when {@code eventbus.logging.mdc.enabled=true}: off by default, because every observer call then pays
 * for the MDC's map writes), and publish and handle observations when there is
 * an {@link ObservationRegistry} bean (unless {@code eventbus.observations.enabled=false}), which a
 * tracing bridge turns into linked spans.
 */
@AutoConfiguration(afterName = "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration")
@ConditionalOnBooleanProperty(name = "eventbus.enabled", matchIfMissing = true)
public final class EventBusObservationAutoConfiguration {

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MDC.class)
	@ConditionalOnBooleanProperty(name = "eventbus.logging.mdc.enabled")
	static class MdcConfiguration {

		@Bean
		@ConditionalOnMissingBean
		EventBusMdc eventBusMdc() {
			return new EventBusMdc();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(ObservationRegistry.class)
	@ConditionalOnBean(ObservationRegistry.class)
	@ConditionalOnBooleanProperty(name = "eventbus.observations.enabled", matchIfMissing = true)
	static class ObservationConfiguration {

		@Bean
		PublishObservations eventBusPublishObservations(ObservationRegistry registry) {
			return new PublishObservations(registry);
		}

		@Bean
		HandleObservations eventBusHandleObservations(ObservationRegistry registry, PublishObservations published) {
			return new HandleObservations(registry, published);
		}

	}

}
