package io.github.eventbus.autoconfigure.saga;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.eventbus.EventBus;
import io.github.eventbus.autoconfigure.EventBusAutoConfiguration;
import io.github.eventbus.autoconfigure.actuate.EventBusEndpoint;
import io.github.eventbus.autoconfigure.actuate.EventBusEndpointAutoConfiguration;
import io.github.eventbus.autoconfigure.durable.DurableObserversAutoConfiguration;
import io.github.eventbus.autoconfigure.metrics.EventBusMetricsAutoConfiguration;
import io.github.eventbus.saga.Saga;
import io.github.eventbus.saga.SagaEventHandler;
import io.github.eventbus.saga.StartSaga;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A saga is a durable observer named {@code saga:<name>}: it is listed by the {@code eventbus} actuator
 * endpoint and has the observer metrics, like an {@code @EventObserver} method.
 */
class SagaObservabilityIntegrationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TaskExecutionAutoConfiguration.class, EventBusAutoConfiguration.class,
				DurableObserversAutoConfiguration.class, SagaAutoConfiguration.class,
				EventBusMetricsAutoConfiguration.class, EventBusEndpointAutoConfiguration.class))
		.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
		.withBean(ParcelSaga.class)
		.withPropertyValues("management.endpoints.web.exposure.include=eventbus",
				"eventbus.observers.poll-interval=50ms");

	@Test
	void aSagaIsListedByTheEndpointAndTimedLikeAnyDurableObserver() {
		this.contextRunner.run((context) -> {
			// given
			ParcelSaga saga = context.getBean(ParcelSaga.class);
			// when
			context.getBean(EventBus.class).publish("parcel-1", new Shipped("p-1"));
			await().atMost(Duration.ofSeconds(10)).until(() -> !saga.shipped.isEmpty());
			// then
			EventBusEndpoint.ObserverDescriptor observer = context.getBean(EventBusEndpoint.class)
				.observer("saga:ParcelSaga");
			assertThat(observer).isNotNull();
			assertThat(observer.durable()).isTrue();
			assertThat(context.getBean(EventBusEndpoint.class).eventBus().observers())
				.extracting(EventBusEndpoint.ObserverDescriptor::id)
				.contains("saga:ParcelSaga");
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(registry.find("eventbus.observer.handling")
					.tag("observer", "saga:ParcelSaga")
					.tag("outcome", "success")
					.timer()).isNotNull());
			assertThat(registry.find("eventbus.observer.lag").tag("observer", "saga:ParcelSaga").gauge()).isNotNull();
		});
	}

	record Shipped(String parcelId) {
	}

	@Saga(state = ParcelSaga.Tracking.class)
	static class ParcelSaga {

		final List<String> shipped = new CopyOnWriteArrayList<>();

		@StartSaga
		@SagaEventHandler(associationProperty = "parcelId")
		void on(Shipped parcel, Tracking state) {
			state.shipped = true;
			this.shipped.add(parcel.parcelId());
		}

		static class Tracking {

			public boolean shipped;

		}

	}

}
