package io.github.eventbus.store.jdbc;

import java.time.Duration;
import java.util.List;
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
import io.github.eventbus.store.EventStore;
import io.github.eventbus.store.EventStoreContractTests;
import io.github.eventbus.store.RecordingObserver;
import io.github.eventbus.store.TestEvents.Deposited;
import io.github.eventbus.store.UnknownEventTypeException;
import io.github.eventbus.store.UnreadableEvent;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The store contract plus what only the JDBC store has (transactions, type registry, table prefix), run
 * on each database by a subclass.
 */
abstract class JdbcEventStoreContractTests extends EventStoreContractTests {

	private static final AtomicInteger prefixes = new AtomicInteger();

	private String tablePrefix;

	/** The database; shared by the tests of one class, which use tables of their own. */
	protected abstract DataSource dataSource();

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
		jdbc.execute("DROP TABLE " + this.tablePrefix + "events");
		jdbc.execute("DROP TABLE " + this.tablePrefix + "head");
	}

	/** Half the writers append in transactions of their own, which commit in any order. */
	@Override
	protected List<Event<?>> appendAsWriter(int writer, String streamId, List<?> payloads) {
		if (writer % 2 == 0) {
			return super.appendAsWriter(writer, streamId, payloads);
		}
		return transactions().execute((status) -> super.appendAsWriter(writer, streamId, payloads));
	}

	private TransactionTemplate transactions() {
		return new TransactionTemplate(new DataSourceTransactionManager(dataSource()));
	}

	private JdbcEventStore store() {
		return (JdbcEventStore) this.testSubject;
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
		store().append("account-1", 0, List.of(new Deposited("a", 1)));
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
	void failsOnlyTheConflictingRequestOfAGroupCommit() throws Exception {
		// given
		store().append("s", 0, List.of(new Deposited("a", 1)));
		// when: many concurrent appends, half of them with a stale expected version
		List<java.util.concurrent.CompletableFuture<Object>> results = new java.util.ArrayList<>();
		for (int i = 0; i < 40; i++) {
			int n = i;
			results.add(java.util.concurrent.CompletableFuture.supplyAsync(() -> {
				try {
					return (n % 2 == 0) ? store().append("stream-" + n, 0, List.of(new Deposited("a", n)))
							: store().append("s", 0, List.of(new Deposited("a", n)));
				}
				catch (ConcurrencyConflictException ex) {
					return ex;
				}
			}));
		}
		// then
		for (int i = 0; i < results.size(); i++) {
			Object result = results.get(i).get();
			if (i % 2 == 0) {
				assertThat(result).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST).hasSize(1);
			}
			else {
				assertThat(result).isInstanceOf(ConcurrencyConflictException.class);
			}
		}
		assertThat(store().readStream("s")).hasSize(1);
		assertThat(store().headPosition()).isEqualTo(21);
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
