package io.github.eventbus.autoconfigure.actuate;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.github.eventbus.EventBus;
import io.github.eventbus.EventObserver;
import io.github.eventbus.autoconfigure.EventBusAutoConfiguration;
import io.github.eventbus.autoconfigure.durable.DurableObserversAutoConfiguration;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class EventBusActuateAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TaskExecutionAutoConfiguration.class, EventBusAutoConfiguration.class,
				DurableObserversAutoConfiguration.class, EventBusEndpointAutoConfiguration.class,
				EventBusHealthAutoConfiguration.class))
		.withPropertyValues("eventbus.observers.poll-interval=50ms");

	@Test
	void endpointNeedsToBeExposed() {
		this.contextRunner.run((context) -> assertThat(context).doesNotHaveBean(EventBusEndpoint.class));
		this.contextRunner.withPropertyValues("management.endpoints.web.exposure.include=eventbus")
			.run((context) -> assertThat(context).hasSingleBean(EventBusEndpoint.class)
				.hasSingleBean(ObserverCatalog.class));
	}

	@Test
	void endpointIsReadOnlyUnlessAccessIsRaised() {
		assertThat(EventBusEndpoint.class.getAnnotation(Endpoint.class).defaultAccess()).isEqualTo(Access.READ_ONLY);
	}

	@Test
	void endpointListsObserversOfAnInMemoryStore() {
		this.contextRunner.withBean(Packing.class)
			.withPropertyValues("management.endpoints.web.exposure.include=eventbus")
			.run((context) -> {
				// given
				context.getBean(EventBus.class).publish(new Packed("p"));
				// when
				EventBusEndpoint.EventBusDescriptor descriptor = context.getBean(EventBusEndpoint.class).eventBus();
				// then
				assertThat(descriptor.store().type()).isEqualTo("memory");
				assertThat(descriptor.store().headPosition()).isEqualTo(1);
				assertThat(descriptor.observers()).extracting(EventBusEndpoint.ObserverDescriptor::id)
					.containsExactly("packing", "slow-durable");
				assertThat(context.getBean(EventBusEndpoint.class).observer("nope")).isNull();
				assertThat(context.getBean(EventBusEndpoint.class).deadLetters("packing", "other", null, null))
					.isNull();
				context.getBean(Packing.class).release.countDown();
			});
	}

	@Test
	void healthIsUpWithTheStoreInTheDetails() {
		this.contextRunner.run((context) -> {
			Health health = context.getBean(EventBusHealthIndicator.class).health(true);
			assertThat(health.getStatus()).isEqualTo(Status.UP);
			assertThat(health.getDetails()).containsEntry("store", "memory").containsEntry("headPosition", 0L);
		});
	}

	@Test
	void healthReportsTheConfiguredStatusForAnObserverBehindTheLagThreshold() {
		this.contextRunner.withBean(Packing.class)
			.withPropertyValues("eventbus.health.max-lag=1", "eventbus.health.status=DEGRADED")
			.run((context) -> {
				// given: the durable observer is stuck on its first event
				EventBus bus = context.getBean(EventBus.class);
				for (int i = 0; i < 3; i++) {
					bus.publish(new Packed("p-" + i));
				}
				EventBusHealthIndicator indicator = context.getBean(EventBusHealthIndicator.class);
				// then
				Health health = await().until(() -> indicator.health(true),
						(current) -> current.getStatus().getCode().equals("DEGRADED"));
				assertThat(health.getDetails()).containsKey("observers");
				assertThat(health.getDetails().get("observers").toString()).contains("slow-durable", "lag", "maxLag=1");
				// when
				context.getBean(Packing.class).release.countDown();
				// then
				await().until(() -> indicator.health(true).getStatus(), Status.UP::equals);
			});
	}

	@Test
	void healthIndicatorCanBeSwitchedOff() {
		this.contextRunner.withPropertyValues("management.health.eventbus.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(EventBusHealthIndicator.class));
	}

	@Test
	void withoutActuatorTheBusKeepsWorking() {
		this.contextRunner.withBean(Packing.class)
			.withClassLoader(new FilteredClassLoader("org.springframework.boot.actuate",
					"org.springframework.boot.health"))
			.withPropertyValues("management.endpoints.web.exposure.include=eventbus")
			.run((context) -> {
				assertThat(context).hasNotFailed()
					.doesNotHaveBean(EventBusEndpoint.class)
					.doesNotHaveBean(EventBusHealthIndicator.class);
				context.getBean(EventBus.class).publish(new Packed("p"));
				context.getBean(Packing.class).release.countDown();
			});
	}

	record Packed(String orderId) {
	}

	@Test
	void endpointShowsEachSegmentAndResetsADurableObserverToTheBeginning() {
		this.contextRunner.withBean(Shipping.class)
			.withPropertyValues("management.endpoints.web.exposure.include=eventbus")
			.run((context) -> {
				// given
				EventBus bus = context.getBean(EventBus.class);
				Shipping shipping = context.getBean(Shipping.class);
				for (int i = 0; i < 6; i++) {
					bus.publish("parcel-" + i, new Packed("p-" + i));
				}
				await().until(() -> shipping.handled.size() == 6);
				EventBusEndpoint endpoint = context.getBean(EventBusEndpoint.class);
				await().until(() -> endpoint.observer("shipping").checkpoint() == 6);
				// when
				EventBusEndpoint.ObserverDescriptor observer = endpoint.observer("shipping");
				Object reset = endpoint.replay("shipping", "reset", null, null, null, null, true).getBody();
				// then
				assertThat(observer.segments()).hasSize(3)
					.allSatisfy((segment) -> assertThat(segment.checkpoint()).isEqualTo(6))
					.allSatisfy((segment) -> assertThat(segment.owner()).isNotNull())
					.extracting(EventBusEndpoint.SegmentDescriptor::name)
					.containsExactly("shipping#0/3", "shipping#1/3", "shipping#2/3");
				assertThat(reset).isEqualTo(new io.github.eventbus.durable.ResetResult("shipping", 0, 3, 0));
				await().until(() -> shipping.handled.size() == 12);
				assertThat(endpoint.replay("shipping", "reset", null, null, null, "not a time", null).getStatus())
					.isEqualTo(400);
				assertThat(endpoint.replay("nope", "reset", null, null, null, null, null).getStatus()).isEqualTo(404);
			});
	}

	static class Shipping {

		final java.util.List<Packed> handled = new java.util.concurrent.CopyOnWriteArrayList<>();

		@EventObserver(id = "shipping", durable = true, segments = 3)
		void on(Packed packed) {
			this.handled.add(packed);
		}

	}

	static class Packing {

		final CountDownLatch release = new CountDownLatch(1);

		@EventObserver(id = "packing")
		void on(Packed packed) {
		}

		@EventObserver(id = "slow-durable", durable = true)
		void slowly(Packed packed) throws InterruptedException {
			this.release.await(30, TimeUnit.SECONDS);
		}

	}

}
