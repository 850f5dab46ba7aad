package io.github.eventbus.test;

import io.github.eventbus.EventBus;
import io.github.eventbus.dispatch.DispatchExtension;
import io.github.eventbus.durable.DurableObservers;
import io.github.eventbus.saga.DeadlineScheduler;
import io.github.eventbus.saga.SagaStore;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * The beans of {@link AutoConfigureEventBusTest}: the recorder of published events, the {@link Scenario}, the
 * {@link SagaFixture} and the {@link TestClock}.
 */
@AutoConfiguration(afterName = { "io.github.eventbus.autoconfigure.EventBusAutoConfiguration",
		"io.github.eventbus.autoconfigure.durable.DurableObserversAutoConfiguration",
		"io.github.eventbus.autoconfigure.saga.SagaAutoConfiguration" })
@ConditionalOnBean(EventBus.class)
public final class EventBusTestAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	RecordedEvents eventBusRecordedEvents() {
		return new RecordedEvents();
	}

	@Bean
	DispatchExtension eventBusTestRecorder(RecordedEvents recordedEvents) {
		return new RecordingExtension(recordedEvents);
	}

	/** Primary, so that sagas and application code take it over the application's own {@code Clock}. */
	@Bean
	@Primary
	@ConditionalOnMissingBean
	TestClock eventBusTestClock() {
		return new TestClock();
	}

	@Bean
	@ConditionalOnMissingBean
	Scenario eventBusScenario(EventBus bus, RecordedEvents recordedEvents,
			ObjectProvider<DurableObservers> durableObservers, ObjectProvider<SagaStore> sagaStore,
			ObjectProvider<JsonMapper> mapper) {
		return new Scenario(bus,
				new Waits(bus, recordedEvents, durableObservers, sagaStore, mapper, Scenario.DEFAULT_TIMEOUT));
	}

	@Bean
	@ConditionalOnMissingBean
	SagaFixture eventBusSagaFixture(TestClock clock, ObjectProvider<DeadlineScheduler> deadlineScheduler,
			Scenario scenario) {
		return new SagaFixture(clock, deadlineScheduler, scenario);
	}

}
