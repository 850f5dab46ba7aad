package io.github.eventbus.store.jdbc;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.github.eventbus.DispatchMode;
import io.github.eventbus.Event;
import io.github.eventbus.EventBus;
import io.github.eventbus.EventObserver;
import io.github.eventbus.dispatch.DefaultEventBus;
import io.github.eventbus.dispatch.DispatchSettings;
import io.github.eventbus.dispatch.ObserverMethods;
import io.github.eventbus.dispatch.Overflow;
import io.github.eventbus.store.EventStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.awaitility.Awaitility.await;

/**
 * What the bus dispatches around transactions (issue 12, defects 1, 4 and 5): events appended in a
 * transaction on the store's {@code DataSource} are dispatched after commit, outside of it, including
 * what observers publish then; an event the store wrote at once is dispatched at once whatever happens to
 * an unrelated transaction; and a commit's dispatch never stops half-way. Run on each database by a
 * subclass.
 */
abstract class OutboxDispatchTests {

	private static final AtomicInteger prefixes = new AtomicInteger();

	private final ExecutorService pool = Executors.newFixedThreadPool(4);

	private String tablePrefix;

	private JdbcEventStore store;

	/** The database of the store; tests use tables of their own. */
	protected abstract DataSource dataSource();

	@BeforeEach
	void createStore() {
		this.tablePrefix = "outbox" + prefixes.incrementAndGet() + "_" + System.nanoTime() % 100_000 + "_";
		JdbcEventStoreSchema.create(dataSource(), this.tablePrefix);
		EventTypeRegistry types = new EventTypeRegistry();
		List.of(Placed.class, Shipped.class).forEach(types::register);
		this.store = new JdbcEventStore(dataSource(), new EventSerializer(new JsonMapper(), types), this.tablePrefix,
				JdbcEventStore.DEFAULT_MAX_BATCH_SIZE, JdbcEventStore.DEFAULT_MAX_WAIT);
	}

	@AfterEach
	void dropStore() throws InterruptedException {
		this.pool.shutdownNow();
		this.pool.awaitTermination(5, TimeUnit.SECONDS);
		this.store.close();
		JdbcTemplate jdbc = new JdbcTemplate(dataSource());
		for (String table : List.of("events", "head", "streams", "store")) {
			jdbc.execute("DROP TABLE IF EXISTS " + this.tablePrefix + table);
		}
	}

	private DefaultEventBus bus(EventStore store, DispatchSettings settings, Object... observers) {
		DefaultEventBus bus = new DefaultEventBus(store, this.pool, settings, (failure) -> {
		});
		for (int i = 0; i < observers.length; i++) {
			ObserverMethods.discover("observer" + i, observers[i]).forEach(bus::register);
		}
		return bus;
	}

	private TransactionTemplate transactions(DataSource dataSource) {
		return new TransactionTemplate(new DataSourceTransactionManager(dataSource));
	}

	record Placed(String order) {
	}

	record Shipped(String order) {
	}

	/** Ships every order placed, and records what it shipped and whether a transaction was open. */
	static class Shipping {

		volatile EventBus bus;

		final List<String> inTransaction = new CopyOnWriteArrayList<>();

		@EventObserver
		void on(Placed placed) {
			if (TransactionSynchronizationManager.isActualTransactionActive()) {
				this.inTransaction.add(placed.order());
			}
			this.bus.publish(new Shipped(placed.order()));
		}

	}

	static class Recorder {

		final List<Event<?>> received = new CopyOnWriteArrayList<>();

		@EventObserver
		void on(Event<Shipped> event) {
			this.received.add(event);
		}

	}

	@Test
	void whatASequentialObserverPublishesAfterACommitIsStoredAndDispatched() {
		// given: fails before the fix: B joined the committed transaction and its dispatch was never run
		Shipping shipping = new Shipping();
		Recorder recorder = new Recorder();
		DefaultEventBus testSubject = bus(this.store, DispatchSettings.defaults().withDefaultMode(DispatchMode.SEQUENTIAL),
				shipping, recorder);
		shipping.bus = testSubject;
		TransactionTemplate transactions = transactions(dataSource());

		// when
		for (int i = 0; i < 20; i++) {
			String order = "order-" + i;
			transactions.executeWithoutResult((status) -> testSubject.publish(order, new Placed(order)));
		}

		// then
		assertThat(recorder.received).extracting((event) -> ((Shipped) event.payload()).order())
			.containsExactlyElementsOf(java.util.stream.IntStream.range(0, 20).mapToObj((i) -> "order-" + i).toList());
		// Readable once no older transaction of the database is running.
		await().untilAsserted(() -> assertThat(this.store.readAll(1, 100))
			.filteredOn((event) -> event.payload() instanceof Shipped)
			.extracting(Event::id)
			.containsExactlyElementsOf(recorder.received.stream().map(Event::id).toList()));
		assertThat(shipping.inTransaction).as("observers run after the commit, outside the transaction").isEmpty();
	}

	@Test
	void anEventStoredOutsideAnUnrelatedTransactionIsDispatchedAlthoughItRollsBack() {
		// given: fails before the fix: the store wrote at once, the bus waited for a commit that never came
		Recorder recorder = new Recorder();
		DefaultEventBus testSubject = bus(this.store, DispatchSettings.defaults(), recorder);
		HikariDataSource other = otherDatabase();
		try {
			// when
			transactions(other).executeWithoutResult((status) -> {
				testSubject.publish("order-1", new Shipped("order-1"));
				status.setRollbackOnly();
			});

			// then
			assertThat(this.store.readStream("order-1")).hasSize(1);
			assertThat(recorder.received).extracting(Event::streamId).containsExactly("order-1");
		}
		finally {
			other.close();
		}
	}

	@Test
	void anEventOfTheMemoryStoreIsDispatchedAlthoughAnOpenTransactionRollsBack() {
		// given: fails before the fix: dispatch was deferred because a transaction was open
		EventStore memory = EventStore.inMemory(100);
		Recorder recorder = new Recorder();
		DefaultEventBus testSubject = bus(memory, DispatchSettings.defaults(), recorder);

		// when
		transactions(dataSource()).executeWithoutResult((status) -> {
			testSubject.publish("order-1", new Shipped("order-1"));
			status.setRollbackOnly();
		});

		// then
		assertThat(memory.readStream("order-1")).hasSize(1);
		assertThat(recorder.received).extracting(Event::streamId).containsExactly("order-1");
	}

	/** Blocks in its first call until released, so that its mailbox fills up behind it. */
	static class Gate {

		final CountDownLatch entered = new CountDownLatch(1);

		final CountDownLatch release = new CountDownLatch(1);

		final List<String> seen = new CopyOnWriteArrayList<>();

		@EventObserver(mode = DispatchMode.FIRE_AND_FORGET)
		void on(Shipped shipped) throws InterruptedException {
			this.entered.countDown();
			this.release.await();
			this.seen.add(shipped.order());
		}

	}

	static class Tally {

		final List<String> seen = new CopyOnWriteArrayList<>();

		@EventObserver(mode = DispatchMode.FIRE_AND_FORGET)
		void on(Shipped shipped) {
			this.seen.add(shipped.order());
		}

	}

	@Test
	void aMailboxFillingUpBeforeTheCommitSkipsNothingOfIt() throws InterruptedException {
		// given: fails before the fix: MailboxFullException escaped afterCommit, the rest was skipped
		Gate gate = new Gate();
		Tally tally = new Tally();
		DefaultEventBus testSubject = bus(this.store,
				DispatchSettings.defaults().withMailboxCapacity(1).withOverflow(Overflow.FAIL, Duration.ZERO), gate,
				tally);
		testSubject.publish("order-0", new Shipped("order-0"));
		gate.entered.await();
		await().until(() -> tally.seen.contains("order-0"));

		// when
		assertThatNoException().isThrownBy(() -> transactions(dataSource()).executeWithoutResult((status) -> {
			for (int i = 1; i <= 3; i++) {
				testSubject.publish("order-" + i, new Shipped("order-" + i));
			}
		}));
		gate.release.countDown();

		// then
		await().untilAsserted(() -> assertThat(gate.seen).containsExactly("order-0", "order-1", "order-2", "order-3"));
		await().untilAsserted(() -> assertThat(tally.seen).containsExactly("order-0", "order-1", "order-2", "order-3"));
	}

	private static HikariDataSource otherDatabase() {
		HikariDataSource other = new HikariDataSource();
		other.setJdbcUrl("jdbc:h2:mem:other-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
		return other;
	}

}
