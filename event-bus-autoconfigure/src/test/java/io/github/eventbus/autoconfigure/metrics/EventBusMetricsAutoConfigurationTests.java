package io.github.eventbus.autoconfigure.metrics;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.eventbus.EventBus;
import io.github.eventbus.EventObserver;
import io.github.eventbus.ObserverErrorHandler;
import io.github.eventbus.ObserverFailure;
import io.github.eventbus.autoconfigure.EventBusAutoConfiguration;
import io.github.eventbus.autoconfigure.durable.DurableObserversAutoConfiguration;
import io.github.eventbus.metrics.EventBusMeters;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

class EventBusMetricsAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TaskExecutionAutoConfiguration.class, EventBusAutoConfiguration.class,
				DurableObserversAutoConfiguration.class, EventBusMetricsAutoConfiguration.class))
		.withBean(Observers.class)
		.withPropertyValues("eventbus.dispatch.mode=sequential");

	private final ApplicationContextRunner withRegistry = this.contextRunner
		.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
				SimpleMetricsExportAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class));

	@Test
	void countsPublishedEventsAndTimesObserversByOutcome() {
		this.withRegistry.run((context) -> {
			// given
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			EventBus bus = context.getBean(EventBus.class);
			// when
			bus.publish(new Shipped("a"));
			bus.publish(new Shipped("b"));
			bus.publish(new Shipped("fail"));
			// then
			assertThat(registry.get("eventbus.events.published").tag("event.type", "Shipped").counter().count())
				.isEqualTo(3);
			assertThat(registry.get("eventbus.observer.handling")
				.tags("observer", "shipping", "event.type", "Shipped", "outcome", "success")
				.timer()
				.count()).isEqualTo(2);
			assertThat(registry.get("eventbus.observer.handling")
				.tags("observer", "shipping", "event.type", "Shipped", "outcome", "failure")
				.timer()
				.count()).isEqualTo(1);
			assertThat(registry.get("eventbus.observer.mailbox.size").tag("observer", "shipping").gauge().value())
				.isZero();
			assertThat(registry.get("eventbus.executor.pool.max").gauge().value()).isPositive();
			assertThat(context.getBean(Observers.class).shipped).containsExactly("a", "b");
		});
	}

	@Test
	void userErrorHandlerStillReceivesEveryFailure() {
		List<ObserverFailure> failures = new CopyOnWriteArrayList<>();
		this.withRegistry.withBean(ObserverErrorHandler.class, () -> failures::add).run((context) -> {
			// when
			context.getBean(EventBus.class).publish(new Shipped("fail"));
			// then
			assertThat(failures).singleElement().satisfies((failure) -> {
				assertThat(failure.observerId()).isEqualTo("shipping");
				assertThat(failure.exception()).hasMessage("cannot ship fail");
			});
		});
	}

	@Test
	void customizerRenamesMetersAndAddsTags() {
		this.withRegistry.withBean(EventBusMeterCustomizer.class, () -> new EventBusMeterCustomizer() {
			@Override
			public String name(EventBusMeters meter, String name) {
				return (meter == EventBusMeters.EVENTS_PUBLISHED) ? "orders.events" : name;
			}

			@Override
			public Tags tags(EventBusMeters meter, Tags tags) {
				return tags.and("application", "orders");
			}
		}).run((context) -> {
			// when
			context.getBean(EventBus.class).publish(new Shipped("a"));
			// then
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(registry.find("eventbus.events.published").counters()).isEmpty();
			assertThat(registry.get("orders.events").tags("event.type", "Shipped", "application", "orders").counter()
				.count()).isEqualTo(1);
			assertThat(registry.get("eventbus.observer.handling").tag("application", "orders").timer().count())
				.isEqualTo(1);
		});
	}

	@Test
	void propertyTurnsMetricsOffAndTheBusKeepsWorking() {
		this.withRegistry.withPropertyValues("eventbus.metrics.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(EventBusMetrics.class).doesNotHaveBean(ObserverMetrics.class);
			assertBusWorks(context);
			assertThat(context.getBean(MeterRegistry.class).find("eventbus.events.published").meters()).isEmpty();
		});
	}

	@Test
	void noMeterRegistryMeansNoMetricsAndTheBusKeepsWorking() {
		this.contextRunner.run((context) -> {
			assertThat(context).doesNotHaveBean(EventBusMetrics.class);
			assertBusWorks(context);
		});
	}

	@Test
	void micrometerMissingFromTheClasspathLeavesTheBusWorking() {
		this.contextRunner.withClassLoader(new FilteredClassLoader("io.micrometer")).run((context) -> {
			assertThat(context).hasNotFailed().doesNotHaveBean(EventBusMetrics.class);
			assertBusWorks(context);
		});
	}

	@Test
	void userMetricsBeanMakesOursBackOff() {
		this.withRegistry
			.withBean("customMetrics", EventBusMetrics.class,
					() -> new EventBusMetrics(new SimpleMeterRegistry(), List.of()))
			.run((context) -> {
				assertThat(context).getBean(EventBusMetrics.class).isSameAs(context.getBean("customMetrics"));
				context.getBean(EventBus.class).publish(new Shipped("a"));
				assertThat(context.getBean(SimpleMeterRegistry.class).find("eventbus.events.published").meters())
					.isEmpty();
			});
	}

	private static void assertBusWorks(AssertableApplicationContext context) {
		context.getBean(EventBus.class).publish(new Shipped("works"));
		assertThat(context.getBean(Observers.class).shipped).containsExactly("works");
	}

	record Shipped(String orderId) {
	}

	static class Observers {

		final List<String> shipped = new CopyOnWriteArrayList<>();

		@EventObserver(id = "shipping")
		void on(Shipped shipped) {
			if (shipped.orderId().equals("fail")) {
				throw new IllegalStateException("cannot ship fail");
			}
			this.shipped.add(shipped.orderId());
		}

	}

}
