package io.github.eventbus.autoconfigure.durable;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.eventbus.EventBus;
import io.github.eventbus.EventObserver;
import io.github.eventbus.StartFrom;
import io.github.eventbus.autoconfigure.EventBusAutoConfiguration;
import io.github.eventbus.autoconfigure.durable.unscanned.ParcelShipped;
import io.github.eventbus.autoconfigure.jdbc.JdbcEventStoreAutoConfiguration;
import io.github.eventbus.autoconfigure.saga.SagaAutoConfiguration;
import io.github.eventbus.deadletter.DeadLetters;
import io.github.eventbus.durable.DurableObservers;
import io.github.eventbus.saga.Saga;
import io.github.eventbus.saga.SagaEventHandler;
import io.github.eventbus.saga.StartSaga;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An application restarted on the database of a previous run (or a second instance) reads events it has
 * not appended itself: the payload types of its durable observers and sagas must be allowed before they
 * start reading, or those events are dead-lettered as unknown. The payload is in no scanned type package.
 */
class FreshInstanceReadsStoredEventsIntegrationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
				DataSourceTransactionManagerAutoConfiguration.class, JacksonAutoConfiguration.class,
				TaskExecutionAutoConfiguration.class, JdbcEventStoreAutoConfiguration.class,
				DurableObserversAutoConfiguration.class, EventBusAutoConfiguration.class, SagaAutoConfiguration.class))
		.withPropertyValues("spring.datasource.url=jdbc:h2:mem:fresh-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
				"eventbus.observers.poll-interval=50ms");

	@Test
	void aDurableObserverReceivesWhatAnEarlierRunStored() {
		// given
		this.contextRunner.run((first) -> first.getBean(EventBus.class).publish("parcel-1", new ParcelShipped("p-1")));
		// when
		this.contextRunner.withBean(ParcelObserver.class).run((second) -> {
			ParcelObserver testSubject = second.getBean(ParcelObserver.class);
			// then
			await().atMost(Duration.ofSeconds(10)).until(() -> !testSubject.received.isEmpty());
			assertThat(testSubject.received).containsExactly(new ParcelShipped("p-1"));
			assertThat(second.getBean(DeadLetters.class).list("parcels", 0, 10)).isEmpty();
		});
	}

	@Test
	void aSagaReceivesWhatAnEarlierRunStored() {
		// given
		this.contextRunner.run((first) -> first.getBean(EventBus.class).publish("parcel-2", new ParcelShipped("p-2")));
		// when
		this.contextRunner.withBean(ParcelSaga.class).run((second) -> {
			ParcelSaga testSubject = second.getBean(ParcelSaga.class);
			// then
			await().atMost(Duration.ofSeconds(10))
				.until(() -> second.getBean(DurableObservers.class)
					.status("saga:ParcelSaga")
					.map((status) -> status.lag() == 0)
					.orElse(false));
			assertThat(testSubject.received).containsExactly("p-2");
			assertThat(second.getBean(DeadLetters.class).list("saga:ParcelSaga", 0, 10)).isEmpty();
		});
	}

	static class ParcelObserver {

		final List<ParcelShipped> received = new CopyOnWriteArrayList<>();

		@EventObserver(id = "parcels", durable = true, startFrom = StartFrom.BEGINNING)
		void on(ParcelShipped parcel) {
			this.received.add(parcel);
		}

	}

	@Saga(state = ParcelSaga.Tracking.class)
	static class ParcelSaga {

		final List<String> received = new CopyOnWriteArrayList<>();

		@StartSaga
		@SagaEventHandler(associationProperty = "parcelId")
		void on(ParcelShipped parcel, Tracking state) {
			state.shipped = true;
			this.received.add(parcel.parcelId());
		}

		static class Tracking {

			public boolean shipped;

		}

	}

}
