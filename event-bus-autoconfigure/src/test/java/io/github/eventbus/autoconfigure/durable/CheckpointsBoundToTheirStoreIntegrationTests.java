package io.github.eventbus.autoconfigure.durable;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.sql.DataSource;

import io.github.eventbus.EventBus;
import io.github.eventbus.EventObserver;
import io.github.eventbus.StartFrom;
import io.github.eventbus.autoconfigure.EventBusAutoConfiguration;
import io.github.eventbus.autoconfigure.durable.unscanned.ParcelShipped;
import io.github.eventbus.autoconfigure.jdbc.JdbcEventStoreAutoConfiguration;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two event stores in one database (another prefix for the event store's tables only) must not share
 * durable observers' checkpoints: a position of one store means nothing in the other, and resuming from it
 * skipped the new store's first events (issue 12, defect 2).
 */
class CheckpointsBoundToTheirStoreIntegrationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
				DataSourceTransactionManagerAutoConfiguration.class, JacksonAutoConfiguration.class,
				TaskExecutionAutoConfiguration.class, JdbcEventStoreAutoConfiguration.class,
				DurableObserversAutoConfiguration.class, EventBusAutoConfiguration.class))
		.withPropertyValues("spring.datasource.url=jdbc:h2:mem:bound-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
				"eventbus.observers.poll-interval=50ms")
		.withBean(ParcelObserver.class);

	@Test
	void aStoreOfAnotherPrefixRefusesToStartOnCheckpointsOfTheFirst() {
		// given: an observer handled five events of the store named a_
		handleFiveEvents(this.contextRunner.withPropertyValues("eventbus.store.jdbc.table-prefix=a_"), "eventbus_checkpoint");
		// when: a store named b_ starts on the same checkpoint table
		this.contextRunner.withPropertyValues("eventbus.store.jdbc.table-prefix=b_")
			.run((second) -> assertThat(second).hasFailed()
				.getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("eventbus.jdbc.table-prefix")
				.hasMessageContaining("eventbus_checkpoint")
				.hasMessageContaining("[parcels]"));
	}

	@Test
	void storesThatNameEveryTableWithTheirOwnPrefixKeepTheirOwnCheckpoints() {
		// given
		handleFiveEvents(this.contextRunner.withPropertyValues("eventbus.jdbc.table-prefix=a_"), "a_checkpoint");
		// when
		this.contextRunner.withPropertyValues("eventbus.jdbc.table-prefix=b_").run((second) -> {
			second.getBean(EventBus.class).publish("parcel-b", new ParcelShipped("b-1"));
			// then: the first event of the new store is delivered, not skipped
			ParcelObserver observer = second.getBean(ParcelObserver.class);
			await().atMost(Duration.ofSeconds(10)).until(() -> !observer.received.isEmpty());
			assertThat(observer.received).containsExactly(new ParcelShipped("b-1"));
		});
	}

	@Test
	void aCheckpointSavedBeforeStoresHadIdsIsAdopted() {
		// given: a checkpoint row without a store id, as saved before this binding existed
		handleFiveEvents(this.contextRunner, "eventbus_checkpoint");
		this.contextRunner.run((context) -> new JdbcTemplate(context.getBean(DataSource.class))
			.update("UPDATE eventbus_checkpoint SET store_id = NULL"));
		// when
		this.contextRunner.run((context) -> {
			context.getBean(EventBus.class).publish("parcel-6", new ParcelShipped("p-6"));
			// then: resumed after the five handled events, and the row now names this store
			ParcelObserver observer = context.getBean(ParcelObserver.class);
			await().atMost(Duration.ofSeconds(10)).until(() -> !observer.received.isEmpty());
			assertThat(observer.received).containsExactly(new ParcelShipped("p-6"));
			JdbcTemplate jdbc = new JdbcTemplate(context.getBean(DataSource.class));
			await().atMost(Duration.ofSeconds(10))
				.until(() -> jdbc.queryForObject("SELECT store_id FROM eventbus_checkpoint", String.class) != null);
			assertThat(jdbc.queryForObject("SELECT store_id FROM eventbus_checkpoint", String.class))
				.isEqualTo(jdbc.queryForObject("SELECT store_id FROM eventbus_store", String.class));
		});
	}

	private static void handleFiveEvents(ApplicationContextRunner runner, String checkpointTable) {
		runner.run((context) -> {
			for (int i = 1; i <= 5; i++) {
				context.getBean(EventBus.class).publish("parcel-" + i, new ParcelShipped("p-" + i));
			}
			ParcelObserver observer = context.getBean(ParcelObserver.class);
			await().atMost(Duration.ofSeconds(10)).until(() -> observer.received.size() == 5);
			JdbcTemplate jdbc = new JdbcTemplate(context.getBean(DataSource.class));
			await().atMost(Duration.ofSeconds(10))
				.until(() -> jdbc.queryForObject("SELECT MAX(checkpoint_position) FROM " + checkpointTable, Long.class),
						(position) -> position != null && position == 5);
		});
	}

	static class ParcelObserver {

		final List<ParcelShipped> received = new CopyOnWriteArrayList<>();

		@EventObserver(id = "parcels", durable = true, startFrom = StartFrom.BEGINNING)
		void on(ParcelShipped parcel) {
			this.received.add(parcel);
		}

	}

}
