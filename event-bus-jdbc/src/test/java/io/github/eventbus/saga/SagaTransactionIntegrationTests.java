package io.github.eventbus.saga;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.zaxxer.hikari.HikariDataSource;
import io.github.eventbus.Event;
import io.github.eventbus.EventMetadata;
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
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.awaitility.Awaitility.await;

/**
 * A saga on H2 with the JDBC event store, durable observers and a transaction per event: a failed attempt
 * rolls back what its handler published together with the state change; an instance saved by this
 * application is not read back for its next event, and a copy made stale by another application instance is
 * replaced without a failure.
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

	/** Instances the saga store loaded ({@link SagaStore#load}). */
	private final AtomicInteger loads = new AtomicInteger();

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
		registry.register(Stepped.class);
		registry.register(DeadlineFired.class);
		this.events = new JdbcEventStore(this.dataSource, new EventSerializer(this.mapper, registry));
		JdbcTemplate jdbc = new JdbcTemplate(this.dataSource);
		jdbc.execute("CREATE TABLE noting_effect (case_id VARCHAR(64), step INT)");
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
		this.saga = new NotingSaga(this.bus, jdbc);
		JdbcSagaStore sagas = new JdbcSagaStore(jdbc, "eventbus_", Clock.systemUTC());
		DataSourceTransactionManager transactions = new DataSourceTransactionManager(this.dataSource);
		SagaManager manager = new SagaManager(this.bus, countingLoads(sagas, this.loads), this.mapper, transactions,
				Clock.systemUTC());
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

	@Test
	void laterEventsOfAnInstanceAreHandledWithoutLoadingItAgain() {
		// given
		this.bus.publish("n-2", new Opened("n-2"));
		JdbcTemplate jdbc = new JdbcTemplate(this.dataSource);
		await().atMost(Duration.ofSeconds(20))
			.until(() -> jdbc.queryForObject("SELECT COUNT(*) FROM eventbus_saga", Long.class) == 1);
		int loadsToStart = this.loads.get();
		// when
		for (int step = 1; step <= 5; step++) {
			this.bus.publish("n-2", new Stepped("n-2", step));
		}
		// then: the instance each step saved is the one the next step starts from
		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(effects("n-2")).hasSize(5));
		assertThat(this.loads.get() - loadsToStart).as("loads for the steps").isZero();
		assertThat(jdbc.queryForObject("SELECT saga_version FROM eventbus_saga", Long.class)).isEqualTo(6);
	}

	@Test
	void aCopyMadeStaleByAnotherApplicationInstanceIsHandledAgainFromTheStoredState() {
		// given: two application instances over one database; A handles the start and a step, then B a step
		NotingSaga firstSaga = new NotingSaga(this.bus, new JdbcTemplate(this.dataSource));
		SagaType first = application(firstSaga);
		SagaType second = application(new NotingSaga(this.bus, new JdbcTemplate(this.dataSource)));
		first.on(event(1, new Opened("x-1")));
		first.on(event(2, new Stepped("x-1", 1)));
		second.on(event(3, new Stepped("x-1", 2)));
		// when: A gets the next step with the copy it saved before B's step
		assertThatCode(() -> first.on(event(4, new Stepped("x-1", 3)))).doesNotThrowAnyException();
		// then: the stale attempt saw [1] and was rolled back with its effect; the step was applied to [1, 2]
		assertThat(firstSaga.seen).containsExactly(List.of(), List.of(1), List.of(1, 2));
		assertThat(effects("x-1")).containsExactly(1, 2, 3);
		JdbcTemplate jdbc = new JdbcTemplate(this.dataSource);
		Notes notes = this.mapper.readValue(
				jdbc.queryForObject("SELECT saga_state FROM eventbus_saga WHERE saga_id = ?", String.class,
						SagaType.sagaId("NotingSaga", "caseId", "x-1")),
				Notes.class);
		assertThat(notes.steps).containsExactly(1, 2, 3);
	}

	/** The saga type of another application instance over the same database, fed events by the test. */
	private SagaType application(NotingSaga saga) {
		SagaManager manager = new SagaManager(this.bus,
				new JdbcSagaStore(new JdbcTemplate(this.dataSource), "eventbus_", Clock.systemUTC()), this.mapper,
				new DataSourceTransactionManager(this.dataSource), Clock.systemUTC());
		manager.register("notingSaga", saga);
		return manager.type("NotingSaga");
	}

	private static Event<?> event(long position, Object payload) {
		String type = payload.getClass().getAnnotation(EventType.class).value();
		return new Event<>(UUID.randomUUID(), "x-1", position, position, type, payload, EventMetadata.empty(), 0);
	}

	private List<Integer> effects(String caseId) {
		return new JdbcTemplate(this.dataSource).queryForList(
				"SELECT step FROM noting_effect WHERE case_id = ? ORDER BY step", Integer.class, caseId);
	}

	private static SagaStore countingLoads(SagaStore store, AtomicInteger loads) {
		return (SagaStore) Proxy.newProxyInstance(SagaTransactionIntegrationTests.class.getClassLoader(),
				new Class<?>[] { SagaStore.class }, (proxy, method, args) -> {
					if (method.getName().equals("load")) {
						loads.incrementAndGet();
					}
					try {
						return method.invoke(store, args);
					}
					catch (InvocationTargetException ex) {
						throw ex.getCause();
					}
				});
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

	@EventType("test.stepped")
	record Stepped(String caseId, int step) {
	}

	public static class Notes {

		public int count;

		public List<Integer> steps = new ArrayList<>();

	}

	@Saga(state = Notes.class)
	static class NotingSaga {

		final AtomicInteger failuresLeft = new AtomicInteger();

		final AtomicInteger attempts = new AtomicInteger();

		final AtomicInteger reminded = new AtomicInteger();

		/** The steps each call of a step handler found in the state, in call order. */
		final List<List<Integer>> seen = new ArrayList<>();

		private final DefaultEventBus bus;

		private final JdbcTemplate jdbc;

		NotingSaga(DefaultEventBus bus, JdbcTemplate jdbc) {
			this.bus = bus;
			this.jdbc = jdbc;
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

		/** Writes a row in the handler's transaction. */
		@SagaEventHandler(associationProperty = "caseId")
		void on(Stepped stepped, Notes notes) {
			this.seen.add(List.copyOf(notes.steps));
			notes.steps.add(stepped.step());
			this.jdbc.update("INSERT INTO noting_effect (case_id, step) VALUES (?, ?)", stepped.caseId(),
					stepped.step());
		}

	}

}
