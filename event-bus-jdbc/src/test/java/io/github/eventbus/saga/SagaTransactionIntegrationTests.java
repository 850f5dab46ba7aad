package io.github.eventbus.saga;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.zaxxer.hikari.HikariDataSource;
import io.github.eventbus.Event;
import io.github.eventbus.EventType;
import io.github.eventbus.dispatch.DefaultEventBus;
import io.github.eventbus.dispatch.DispatchSettings;
import io.github.eventbus.durable.DurableObservers;
import io.github.eventbus.durable.DurableSettings;
import io.github.eventbus.durable.jdbc.DurableTables;
import io.github.eventbus.jdbc.JdbcSchema;
import io.github.eventbus.durable.jdbc.JdbcCheckpointStore;
import io.github.eventbus.durable.jdbc.JdbcDeadLetterStore;
import io.github.eventbus.durable.jdbc.JdbcLeaseStore;
import io.github.eventbus.retry.RetryPolicy;
import io.github.eventbus.saga.jdbc.JdbcSagaStore;
import io.github.eventbus.store.jdbc.EventSerializer;
import io.github.eventbus.store.jdbc.EventTypeRegistry;
import io.github.eventbus.store.jdbc.JdbcEventStore;
import io.github.eventbus.store.jdbc.JdbcEventStoreSchema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A saga on H2 with the JDBC event store, durable observers and a transaction per event: a failed attempt
 * rolls back what its handler published together with the state change.
 */
class SagaTransactionIntegrationTests {

	private final JsonMapper mapper = JsonMapper.builder().build();

	private HikariDataSource dataSource;

	private JdbcEventStore events;

	private DurableObservers durable;

	private ExecutorService executor;

	private DefaultEventBus bus;

	private NotingSaga saga;

	private DeadlineScheduler deadlines;

	@BeforeEach
	void setUp() {
		this.dataSource = new HikariDataSource();
		this.dataSource.setJdbcUrl("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
		JdbcEventStoreSchema.create(this.dataSource, JdbcEventStoreSchema.DEFAULT_TABLE_PREFIX);
		DurableTables tables = new DurableTables(DurableTables.DEFAULT_PREFIX);
		tables.create(this.dataSource);
		JdbcSchema.create(this.dataSource, JdbcSagaStore.SCHEMA_LOCATION, JdbcSchema.DEFAULT_TABLE_PREFIX);
		EventTypeRegistry registry = new EventTypeRegistry();
		registry.register(Opened.class);
		registry.register(Noted.class);
		registry.register(Remind.class);
		registry.register(DeadlineFired.class);
		this.events = new JdbcEventStore(this.dataSource, new EventSerializer(this.mapper, registry));
		JdbcTemplate jdbc = new JdbcTemplate(this.dataSource);
		this.durable = DurableObservers.builder(this.events)
			.leases(new JdbcLeaseStore(jdbc, tables))
			.checkpoints(new JdbcCheckpointStore(jdbc, tables, Clock.systemUTC()))
			.deadLetters(new JdbcDeadLetterStore(jdbc, tables))
			.settings(DurableSettings.defaults()
				.withPollInterval(Duration.ofMillis(20))
				.withRetry(new RetryPolicy(5, Duration.ofMillis(10), 2.0, Duration.ofMillis(50))))
			.build();
		this.executor = Executors.newFixedThreadPool(2);
		this.bus = new DefaultEventBus(this.events, this.executor, DispatchSettings.defaults(), (failure) -> {
		});
		this.bus.addExtension(this.durable);
		this.saga = new NotingSaga(this.bus);
		JdbcSagaStore sagas = new JdbcSagaStore(jdbc, "eventbus_", Clock.systemUTC());
		DataSourceTransactionManager transactions = new DataSourceTransactionManager(this.dataSource);
		SagaManager manager = new SagaManager(this.bus, sagas, this.mapper, transactions, Clock.systemUTC());
		manager.register("notingSaga", this.saga);
		this.deadlines = new DeadlineScheduler(sagas, this.bus, transactions, Clock.systemUTC(), Duration.ofHours(1));
		manager.setDeadlineScheduler(this.deadlines);
		manager.start();
		this.durable.start();
		this.deadlines.start();
	}

	@AfterEach
	void tearDown() {
		this.deadlines.stop();
		this.durable.stop();
		this.executor.shutdownNow();
		this.events.close();
		this.dataSource.close();
	}

	@Test
	void failedAttemptPublishesNothingAndSavesNothing() {
		// given: the handler publishes, then fails twice before it succeeds
		this.saga.failuresLeft.set(2);
		// when
		this.bus.publish("n-1", new Opened("n-1"));
		// then
		await().atMost(Duration.ofSeconds(20)).until(() -> this.saga.attempts.get() == 3);
		await().untilAsserted(() -> assertThat(noted()).hasSize(1));
		JdbcTemplate jdbc = new JdbcTemplate(this.dataSource);
		assertThat(jdbc.queryForObject("SELECT saga_version FROM eventbus_saga", Long.class)).isOne();
		assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM eventbus_saga_association", Long.class)).isOne();
	}

	@Test
	void deadlineScheduledInATransactionFiresWhenDueOnceCommitted() {
		// given
		this.bus.publish("n-2", new Opened("n-2"));
		// when: an hour before the scheduler's next poll
		this.bus.publish("n-2", new Remind("n-2", 100));
		// then
		await().atMost(Duration.ofSeconds(10)).until(() -> this.saga.reminded.get() == 1);
	}

	private List<Event<?>> noted() {
		return this.events.readStream("n-1").stream().filter((event) -> event.payload() instanceof Noted).toList();
	}

	@EventType("test.opened")
	record Opened(String caseId) {
	}

	@EventType("test.noted")
	record Noted(String caseId, int attempt) {
	}

	@EventType("test.remind")
	record Remind(String caseId, long delayMillis) {
	}

	public static class Notes {

		public int count;

	}

	@Saga(state = Notes.class)
	static class NotingSaga {

		final AtomicInteger failuresLeft = new AtomicInteger();

		final AtomicInteger attempts = new AtomicInteger();

		final AtomicInteger reminded = new AtomicInteger();

		private final DefaultEventBus bus;

		NotingSaga(DefaultEventBus bus) {
			this.bus = bus;
		}

		@StartSaga
		@SagaEventHandler(associationProperty = "caseId")
		void on(Opened opened, Notes notes) {
			int attempt = this.attempts.incrementAndGet();
			notes.count++;
			this.bus.publish(opened.caseId(), new Noted(opened.caseId(), attempt));
			if (this.failuresLeft.getAndDecrement() > 0) {
				throw new IllegalStateException("attempt " + attempt + " fails");
			}
		}

		@SagaEventHandler(associationProperty = "caseId")
		void on(Remind remind, SagaLifecycle saga) {
			saga.scheduleDeadline("reminder", Duration.ofMillis(remind.delayMillis()), null);
		}

		@DeadlineHandler("reminder")
		void remind(Notes notes) {
			this.reminded.incrementAndGet();
		}

	}

}
