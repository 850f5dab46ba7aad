package io.github.eventbus.autoconfigure.observation;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.eventbus.Event;
import io.github.eventbus.EventBus;
import io.github.eventbus.EventMetadata;
import io.github.eventbus.EventObserver;
import io.github.eventbus.autoconfigure.EventBusAutoConfiguration;
import io.github.eventbus.autoconfigure.durable.DurableObserversAutoConfiguration;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class EventBusObservationAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TaskExecutionAutoConfiguration.class, EventBusAutoConfiguration.class,
				EventBusObservationAutoConfiguration.class))
		.withBean(Observers.class);

	@Test
	void handleObservationIsAChildOfThePublishObservationOnAnotherThread() {
		RecordingHandler handler = new RecordingHandler();
		ObservationRegistry registry = ObservationRegistry.create();
		registry.observationConfig().observationHandler(handler);
		this.contextRunner.withBean(ObservationRegistry.class, () -> registry)
			.withPropertyValues("eventbus.dispatch.mode=fire-and-forget")
			.run((context) -> {
				// when
				Event<?> event = context.getBean(EventBus.class).publish(new Packed("p-1")).events().get(0);
				// then
				await().until(() -> handler.stopped.size() == 2);
				Observation.Context publish = handler.stopped.get(0);
				Observation.Context handle = handler.stopped.get(1);
				assertThat(publish.getName()).isEqualTo("eventbus.publish");
				assertThat(publish.getLowCardinalityKeyValue("event.type").getValue()).isEqualTo("Packed");
				assertThat(handle.getName()).isEqualTo("eventbus.handle");
				assertThat(handle.getLowCardinalityKeyValue("observer").getValue()).isEqualTo("packing");
				assertThat(handle.getParentObservation()).isNotNull();
				assertThat(handle.getParentObservation().getContextView()).isSameAs(publish);
				assertThat(((EventObservationContext) handle).getEvent()).isSameAs(event);
			});
	}

	@Test
	void failedHandlingIsRecordedOnTheObservation() {
		RecordingHandler handler = new RecordingHandler();
		ObservationRegistry registry = ObservationRegistry.create();
		registry.observationConfig().observationHandler(handler);
		this.contextRunner.withBean(ObservationRegistry.class, () -> registry)
			.withPropertyValues("eventbus.dispatch.mode=sequential")
			.run((context) -> {
				context.getBean(EventBus.class).publish(new Packed("fail"));
				assertThat(handler.stopped).last()
					.satisfies((handle) -> assertThat(handle.getError()).hasMessage("cannot pack"));
			});
	}

	@Test
	void mdcHoldsTheEventIdsOnlyWhileTheObserverRuns() {
		this.contextRunner.withPropertyValues("eventbus.dispatch.mode=sequential", "eventbus.logging.mdc.enabled=true")
			.run((context) -> {
			// when
			Event<?> event = context.getBean(EventBus.class).publish(new Packed("p-2")).events().get(0);
			// then
			assertThat(context.getBean(Observers.class).mdc).singleElement()
				.satisfies((mdc) -> assertThat(mdc).containsEntry(EventBusMdc.EVENT_ID, event.id().toString())
					.containsEntry(EventBusMdc.CORRELATION_ID, event.id().toString())
					.containsEntry(EventBusMdc.OBSERVER, "packing")
					.doesNotContainKey(EventBusMdc.CAUSATION_ID));
			assertThat(MDC.get(EventBusMdc.EVENT_ID)).isNull();
		});
	}

	@Test
	void durableObserverRunsWithTheEventIdsInTheMdcAndCausesWhatItPublishes() {
		this.contextRunner.withConfiguration(AutoConfigurations.of(DurableObserversAutoConfiguration.class))
			.withBean(DurableObservers.class)
			.withPropertyValues("eventbus.observers.poll-interval=50ms", "eventbus.logging.mdc.enabled=true")
			.run((context) -> {
				// when
				Event<?> event = context.getBean(EventBus.class).publish(new Packed("durable")).events().get(0);
				// then
				DurableObservers observers = context.getBean(DurableObservers.class);
				await().until(() -> observers.mdc.size() == 1);
				assertThat(observers.mdc.get(0)).containsEntry(EventBusMdc.EVENT_ID, event.id().toString())
					.containsEntry(EventBusMdc.OBSERVER, "durable-packing");
				await().until(() -> observers.followUps.size() == 1);
				assertThat(observers.followUps.get(0).causationId()).isEqualTo(event.id());
				assertThat(observers.followUps.get(0).correlationId()).isEqualTo(event.id());
			});
	}

	@Test
	void withoutAnObservationRegistryThereAreNoObservations() {
		this.contextRunner.run((context) -> assertThat(context).doesNotHaveBean(HandleObservations.class)
			.doesNotHaveBean(PublishObservations.class));
	}

	@Test
	void mdcIsOffByDefault() {
		this.contextRunner.withPropertyValues("eventbus.dispatch.mode=sequential").run((context) -> {
			assertThat(context).doesNotHaveBean(EventBusMdc.class);
			context.getBean(EventBus.class).publish(new Packed("p-5"));
			assertThat(context.getBean(Observers.class).mdc).singleElement()
				.satisfies((mdc) -> assertThat(mdc).isEmpty());
		});
	}

	@Test
	void propertiesTurnObservationsAndMdcOff() {
		this.contextRunner.withBean(ObservationRegistry.class, ObservationRegistry::create)
			.withPropertyValues("eventbus.observations.enabled=false", "eventbus.logging.mdc.enabled=false",
					"eventbus.dispatch.mode=sequential")
			.run((context) -> {
				assertThat(context).doesNotHaveBean(HandleObservations.class).doesNotHaveBean(EventBusMdc.class);
				context.getBean(EventBus.class).publish(new Packed("p-3"));
				assertThat(context.getBean(Observers.class).mdc).singleElement()
					.satisfies((mdc) -> assertThat(mdc).isEmpty());
			});
	}

	@Test
	void busWorksWithoutMicrometerOrSlf4j() {
		this.contextRunner.withClassLoader(new FilteredClassLoader("io.micrometer", "org.slf4j"))
			.withPropertyValues("eventbus.dispatch.mode=sequential", "eventbus.logging.mdc.enabled=true")
			.run((context) -> {
				assertThat(context).hasNotFailed().doesNotHaveBean(EventBusMdc.class);
				context.getBean(EventBus.class).publish(new Packed("p-4"));
				assertThat(context.getBean(Observers.class).mdc).hasSize(1);
			});
	}

	record Packed(String orderId) {
	}

	static class Observers {

		final List<Map<String, String>> mdc = new CopyOnWriteArrayList<>();

		@EventObserver(id = "packing")
		void on(Packed packed) {
			Map<String, String> copy = MDC.getCopyOfContextMap();
			this.mdc.add((copy != null) ? copy : Map.of());
			if (packed.orderId().equals("fail")) {
				throw new IllegalStateException("cannot pack");
			}
		}

	}

	static class DurableObservers {

		final List<Map<String, String>> mdc = new CopyOnWriteArrayList<>();

		final List<EventMetadata> followUps = new CopyOnWriteArrayList<>();

		private final EventBus bus;

		DurableObservers(EventBus bus) {
			this.bus = bus;
		}

		@EventObserver(id = "durable-packing", durable = true)
		void on(Packed packed) {
			Map<String, String> copy = MDC.getCopyOfContextMap();
			this.mdc.add((copy != null) ? copy : Map.of());
			this.bus.publish(new FollowUp(packed.orderId()));
		}

		@EventObserver(id = "follow-up")
		void on(Event<FollowUp> followUp) {
			this.followUps.add(followUp.metadata());
		}

	}

	record FollowUp(String orderId) {
	}

	static class RecordingHandler implements ObservationHandler<Observation.Context> {

		final List<Observation.Context> stopped = new CopyOnWriteArrayList<>();

		@Override
		public void onStop(Observation.Context context) {
			this.stopped.add(context);
		}

		@Override
		public boolean supportsContext(Observation.Context context) {
			return true;
		}

	}

}
