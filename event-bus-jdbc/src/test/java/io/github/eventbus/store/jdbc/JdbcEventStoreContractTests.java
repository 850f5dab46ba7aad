package io.github.eventbus.store.jdbc;

import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import io.github.eventbus.DispatchMode;
import io.github.eventbus.Event;
import io.github.eventbus.EventBusException;
import io.github.eventbus.EventMetadata;
import io.github.eventbus.EventType;
import io.github.eventbus.dispatch.DefaultEventBus;
import io.github.eventbus.dispatch.DispatchSettings;
import io.github.eventbus.dispatch.ObserverMethods;
import io.github.eventbus.store.ConcurrencyConflictException;
import io.github.eventbus.store.EventIds;
import io.github.eventbus.store.EventStore;
import io.github.eventbus.store.RecordingObserver;
import io.github.eventbus.store.TestEvents.Deposited;
import io.github.eventbus.store.UnknownEventTypeException;
import io.github.eventbus.store.UnreadableEvent;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

/**
 * The store contract plus what only the JDBC store has (transactions, type registry, table prefix), run
 * on each database by a subclass.
 */
abstract class JdbcEventStoreContractTests extends TransactionalAppendContractTests {

	private static final AtomicInteger prefixes = new AtomicInteger();

	private String tablePrefix;

	@Override
	protected EventStore createStore() {
		this.tablePrefix = "t" + prefixes.incrementAndGet() + "_" + System.nanoTime() % 100_000 + "_";
		JdbcEventStoreSchema.create(dataSource(), this.tablePrefix);
		return newStore(new EventTypeRegistry());
	}

	private JdbcEventStore newStore(EventTypeRegistry registry) {
		return new JdbcEventStore(dataSource(), new EventSerializer(new JsonMapper(), registry), this.tablePrefix,
				JdbcEventStore.DEFAULT_MAX_BATCH_SIZE, JdbcEventStore.DEFAULT_MAX_WAIT);
	}

	@Override
	protected void dispose(EventStore store) {
		((JdbcEventStore) store).close();
		JdbcTemplate jdbc = new JdbcTemplate(dataSource());
		for (String table : List.of("events", "head", "streams", "store")) {
			jdbc.execute("DROP TABLE IF EXISTS " + this.tablePrefix + table);
		}
	}

	/** Odd writers append in transactions of their own, which commit in any order. */
	@Override
	protected List<Event<?>> appendAsWriter(int writer, String streamId, List<?> payloads) {
		if (writer % 2 == 0) {
			return super.appendAsWriter(writer, streamId, payloads);
		}
		return transactions().execute((status) -> super.appendAsWriter(writer, streamId, payloads));
	}

	@Test
	void refusesATablePrefixThatIsNotAPlainIdentifier() {
		EventSerializer serializer = new EventSerializer(new JsonMapper(), new EventTypeRegistry());
		for (String prefix : List.of("x; DROP TABLE users; --", "a b", "1abc", "", "x".repeat(42), "a\"b")) {
			assertThatIllegalArgumentException()
				.isThrownBy(() -> new JdbcEventStore(dataSource(), serializer, prefix, 10, Duration.ZERO))
				.withMessageContaining("Table prefix");
		}
	}

	@Test
	void readsAnUnregisteredStoredTypeAsUnreadableAndStrictlyAsATypedError() {
		// given: written by an application that knew the type
		awaitReadable(store().append("account-1", 0, List.of(new Deposited("a", 1))).get(0));
		JdbcEventStore reader = newStore(new EventTypeRegistry());
		try {
			// when
			Event<?> read = reader.readStream("account-1").get(0);
			// then
			assertThat(read.payload()).isInstanceOfSatisfying(UnreadableEvent.class, (unreadable) -> {
				assertThat(unreadable.typeName()).isEqualTo("deposited");
				assertThat(unreadable.json()).contains("\"amount\"");
				assertThat(unreadable.error()).isInstanceOf(UnknownEventTypeException.class);
			});
			assertThat(reader.readAll(read.position(), 1)).singleElement()
				.satisfies((event) -> assertThat(event.payload()).isInstanceOf(UnreadableEvent.class));
			assertThatExceptionOfType(UnknownEventTypeException.class)
				.isThrownBy(() -> reader.readStreamStrict("account-1"))
				.satisfies((ex) -> assertThat(ex.typeName()).isEqualTo("deposited"));
			assertThatExceptionOfType(UnknownEventTypeException.class)
				.isThrownBy(() -> reader.serializer().deserialize("deposited", 1, "{}"));
		}
		finally {
			reader.close();
		}
	}

	@Test
	void readsJsonThatDoesNotFitTheClassAsUnreadable() {
		// given
		Event<?> stored = store().append("account-1", 0, List.of(new Deposited("a", 1))).get(0);
		new JdbcTemplate(dataSource()).update(JdbcEventStoreSchema.withTablePrefix(
				"UPDATE @@prefix@@events SET payload = '{\"amount\": \"lots\"}' WHERE position = ?", this.tablePrefix)
				.replace("'{", dataSource().toString().contains("postgres") ? "CAST('{" : "'{")
				.replace("}' ", dataSource().toString().contains("postgres") ? "}' AS jsonb) " : "}' "),
				stored.position());
		// when
		Event<?> read = store().readStream("account-1").get(0);
		// then
		assertThat(read.payload()).isInstanceOfSatisfying(UnreadableEvent.class,
				(unreadable) -> assertThat(unreadable.error()).hasMessageContaining("deposited")
					.hasMessageContaining(Deposited.class.getName()));
		assertThatExceptionOfType(EventBusException.class).isThrownBy(() -> store().readStreamStrict("account-1"));
	}

	@Test
	void upcastsAStoredOlderVersion() {
		// given: version 1 stored by an older release
		store().append("order-1", 0, List.of(new OrderPlacedV1("order-1", 1250)));
		EventTypeRegistry registry = new EventTypeRegistry();
		registry.register(OrderPlaced.class);
		registry.registerUpcaster("order-placed", (type, fromVersion, json) -> {
			ObjectNode node = (ObjectNode) json;
			JsonNode cents = node.remove("totalCents");
			node.put("total", cents.asLong() / 100.0);
			node.put("currency", "EUR");
			return node;
		});
		JdbcEventStore reader = newStore(registry);
		try {
			// when
			Event<?> read = reader.readStream("order-1").get(0);
			// then
			assertThat(read.payload()).isEqualTo(new OrderPlaced("order-1", 12.5, "EUR"));
			assertThat(read.type()).isEqualTo("order-placed");
		}
		finally {
			reader.close();
		}
	}

	@Test
	@SuppressWarnings("unchecked")
	void failsOnlyTheConflictingRequestOfABatch() throws Exception {
		// given
		awaitReadable(store().append("s", 0, List.of(new Deposited("a", 1))).get(0));
		long head = store().headPosition();
		List<AppendRequest> batch = List.of(request("s", 1, 2), request("s", 0, 3), request("t", 0, 4),
				request("s", 2, 5), request(null, EventStore.ANY_VERSION, 6));
		// when
		Object[] outcomes;
		try (Connection connection = dataSource().getConnection()) {
			connection.setAutoCommit(false);
			outcomes = EventWriter.of(JdbcDialect.of(connection), this.tablePrefix).write(connection, batch);
			connection.commit();
		}
		// then
		assertThat(outcomes[1]).isInstanceOfSatisfying(ConcurrencyConflictException.class,
				(conflict) -> assertThat(conflict.actualVersion()).isEqualTo(2));
		assertThat(List.of(outcomes[0], outcomes[2], outcomes[3], outcomes[4]))
			.allSatisfy((outcome) -> assertThat(outcome).isInstanceOf(List.class));
		assertThat(store().readStream("s")).extracting(Event::version).containsExactly(1L, 2L, 3L);
		assertThat(store().readStream("t")).hasSize(1);
		List<Long> positions = List.of(outcomes[0], outcomes[2], outcomes[3], outcomes[4])
			.stream()
			.map((outcome) -> ((List<Event<?>>) outcome).get(0).position())
			.toList();
		// Positions of one stream increase with its versions; requests of a batch are otherwise unordered.
		assertThat(positions.get(2)).isGreaterThan(positions.get(0));
		assertThat(positions).doesNotHaveDuplicates().allSatisfy((position) -> assertThat(position).isGreaterThan(head));
		long last = positions.stream().mapToLong(Long::longValue).max().orElseThrow();
		await().atMost(Duration.ofMinutes(1)).until(() -> store().headPosition() == last);
		assertThat(store().readAll(head + 1, 10)).extracting(Event::position)
			.containsExactlyElementsOf(positions.stream().sorted().toList());
	}

	private AppendRequest request(String streamId, long expectedVersion, long amount) {
		Deposited payload = new Deposited("a", amount);
		return new AppendRequest(streamId, expectedVersion,
				List.of(new AppendRequest.Pending(EventIds.next(), payload, "deposited", 1,
						store().serializer().serialize(payload), null, EventMetadata.empty(), EventIds.nowMicros())));
	}

	@Test
	void keepsEveryAppendOfConcurrentPublishersWithoutStreamId() throws Exception {
		// given
		int publishers = 16;
		ExecutorService pool = Executors.newFixedThreadPool(publishers);
		CountDownLatch start = new CountDownLatch(1);
		// when
		List<Future<List<Event<?>>>> results = new java.util.ArrayList<>();
		for (int i = 0; i < publishers; i++) {
			results.add(pool.submit(() -> {
				start.await();
				List<Event<?>> events = new java.util.ArrayList<>();
				for (int n = 0; n < 200; n++) {
					events.add(store().appendOne(null, new Deposited("a", n), EventMetadata.empty()));
				}
				return events;
			}));
		}
		start.countDown();
		List<Event<?>> appended = new java.util.ArrayList<>();
		for (Future<List<Event<?>>> result : results) {
			appended.addAll(result.get(2, TimeUnit.MINUTES));
		}
		pool.shutdown();
		// then
		assertThat(appended).extracting(Event::position).doesNotHaveDuplicates();
		long last = appended.stream().mapToLong(Event::position).max().orElseThrow();
		await().atMost(Duration.ofMinutes(1)).until(() -> store().headPosition() == last);
		assertThat(store().readAll(1, 10_000)).extracting(Event::id)
			.containsExactlyInAnyOrderElementsOf(appended.stream().map(Event::id).toList());
	}

	@Test
	void storesAndDispatchesNothingWhenTheTransactionRollsBack() {
		// given
		RecordingObserver observer = new RecordingObserver();
		DefaultEventBus bus = busWith(observer);
		long head = store().headPosition();
		// when
		transactions().executeWithoutResult((status) -> {
			bus.publish("account-1", new Deposited("account-1", 10));
			status.setRollbackOnly();
		});
		// then
		assertThat(store().readStream("account-1")).isEmpty();
		assertThat(store().headPosition()).isEqualTo(head);
		assertThat(observer.received()).isEmpty();
	}

	@Test
	void dispatchesOnlyAfterTheTransactionCommits() {
		// given
		RecordingObserver observer = new RecordingObserver();
		DefaultEventBus bus = busWith(observer);
		// when
		transactions().executeWithoutResult((status) -> {
			bus.publish("account-1", new Deposited("account-1", 10));
			bus.publishAll("account-1", 1, List.of(new Deposited("account-1", 20)));
			assertThat(observer.received()).isEmpty();
			assertThat(store().readStream("account-1")).hasSize(2);
		});
		// then
		assertThat(observer.received()).extracting(Event::version).containsExactly(1L, 2L);
		assertThat(store().readStream("account-1")).extracting(Event::id)
			.containsExactlyElementsOf(observer.received().stream().map(Event::id).toList());
	}

	@Test
	void appendsThenDispatchesOutsideATransaction() {
		// given
		RecordingObserver observer = new RecordingObserver();
		DefaultEventBus bus = busWith(observer);
		// when
		bus.publish("account-1", new Deposited("account-1", 10));
		// then
		assertThat(observer.received()).singleElement()
			.satisfies((event) -> assertThat(event.payload()).isEqualTo(new Deposited("account-1", 10)));
		assertThat(store().readStream("account-1")).extracting(Event::id)
			.containsExactly(observer.received().get(0).id());
	}

	private DefaultEventBus busWith(RecordingObserver observer) {
		DefaultEventBus bus = new DefaultEventBus(this.testSubject, Runnable::run,
				DispatchSettings.defaults().withDefaultMode(DispatchMode.SEQUENTIAL), (failure) -> {
				});
		ObserverMethods.discover("recorder", observer).forEach(bus::register);
		return bus;
	}

	@Test
	void keepsEmptyMetadataEmpty() {
		Event<?> event = store().appendOne("s", new Deposited("a", 1), EventMetadata.empty());
		assertThat(store().readStream("s").get(0).metadata().entries()).isEmpty();
		assertThat(store().readStream("s").get(0).metadata().correlationId()).isEqualTo(event.id());
	}

	@EventType(value = "order-placed", version = 1)
	record OrderPlacedV1(String orderId, long totalCents) {
	}

	@EventType(value = "order-placed", version = 2)
	record OrderPlaced(String orderId, double total, String currency) {
	}

}
