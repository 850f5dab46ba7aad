package io.github.eventbus.durable;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import javax.sql.DataSource;

import io.github.eventbus.Event;
import io.github.eventbus.EventObserver;
import io.github.eventbus.dispatch.ObserverMethods;
import io.github.eventbus.durable.Events.OrderPlaced;
import io.github.eventbus.durable.jdbc.DurableTables;
import io.github.eventbus.store.EventStore;
import io.github.eventbus.store.jdbc.EventSerializer;
import io.github.eventbus.store.jdbc.EventTypeRegistry;
import io.github.eventbus.store.jdbc.JdbcEventStore;
import io.github.eventbus.store.jdbc.JdbcEventStoreSchema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A projection into a table, run by two instances sharing 6 segments on the PostgreSQL server, is rebuilt:
 * its table emptied and the observer reset to the beginning, on every instance. The table ends up with
 * the same contents as before.
 */
class ProjectionResetIntegrationTests {

	private static final Duration WAIT = Duration.ofSeconds(60);

	private final List<DurableObservers> instances = new ArrayList<>();

	private DataSource dataSource;

	private DurableTables tables;

	private String prefix;

	private JdbcTemplate jdbc;

	@AfterEach
	void cleanUp() {
		this.instances.forEach(DurableObservers::stop);
		if (this.tables != null) {
			Databases.drop(this.dataSource, this.tables);
			for (String table : List.of("events", "head", "store", "projection")) {
				this.jdbc.execute("DROP TABLE IF EXISTS " + this.prefix + table);
			}
		}
	}

	@Test
	void rebuildsTheSameTableContentsAfterAResetToTheBeginning() {
		// given: a projection of 600 events over 30 orders, kept by two instances
		this.dataSource = Databases.serverPostgres();
		assumeTrue(this.dataSource != null, "no PostgreSQL server on 127.0.0.1:5432");
		this.prefix = "eventbus_proj" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0xFFFF)) + "_";
		this.tables = new DurableTables(this.prefix);
		this.tables.create(this.dataSource);
		JdbcEventStoreSchema.create(this.dataSource, this.prefix);
		this.jdbc = new JdbcTemplate(this.dataSource);
		this.jdbc.execute("CREATE TABLE " + this.prefix + "projection (order_id VARCHAR(50) PRIMARY KEY,"
				+ " events INT NOT NULL, last_number INT NOT NULL, last_position BIGINT NOT NULL)");
		EventTypeRegistry types = new EventTypeRegistry();
		types.registerObserved(OrderPlaced.class);
		JdbcEventStore store = new JdbcEventStore(this.dataSource, new EventSerializer(new JsonMapper(), types),
				this.prefix, JdbcEventStore.DEFAULT_MAX_BATCH_SIZE, JdbcEventStore.DEFAULT_MAX_WAIT);
		for (int n = 1; n <= 600; n++) {
			String order = "order-" + (n % 30);
			store.append(order, EventStore.ANY_VERSION, List.of(new OrderPlaced(order, n)));
		}
		DurableObservers a = start(store, "a");
		DurableObservers b = start(store, "b");
		awaitProjected(600);
		List<Map<String, Object>> before = contents();
		// when: the table is emptied and the projection reset to the beginning
		this.jdbc.execute("DELETE FROM " + this.prefix + "projection");
		ResetResult result = b.reset("projection", ResetTarget.beginning(), true);
		// then
		assertThat(result.segments()).isEqualTo(6);
		awaitProjected(600);
		assertThat(contents()).isEqualTo(before).hasSize(30);
		assertThat(a.status("projection").orElseThrow().segments()).extracting(
				DurableObserverStatus.SegmentStatus::owner).containsOnly("a", "b");
		store.close();
	}

	private DurableObservers start(JdbcEventStore store, String instance) {
		AbstractDurableObserversTests.Stores stores = Databases.stores(this.dataSource, this.tables);
		DurableObservers durable = DurableObservers.builder(store)
			.leases(stores.leases())
			.checkpoints(stores.checkpoints())
			.deadLetters(stores.deadLetters())
			.settings(DurableSettings.defaults()
				.withInstanceId(instance)
				.withPollInterval(Duration.ofMillis(50))
				.withBatchSize(50)
				.withLeaseDuration(Duration.ofSeconds(2)))
			.clock(Clock.systemUTC())
			.build();
		ObserverMethods.discover("projection", new Projection(this.jdbc, this.prefix)).forEach(durable::register);
		durable.start();
		this.instances.add(durable);
		return durable;
	}

	private void awaitProjected(int events) {
		await().atMost(WAIT).until(() -> {
			Long projected = this.jdbc.queryForObject("SELECT COALESCE(SUM(events), 0) FROM " + this.prefix
					+ "projection", Long.class);
			return projected != null && projected == events;
		});
	}

	private List<Map<String, Object>> contents() {
		return this.jdbc.queryForList("SELECT * FROM " + this.prefix + "projection ORDER BY order_id");
	}

	public static final class Projection {

		private final JdbcTemplate jdbc;

		private final String table;

		Projection(JdbcTemplate jdbc, String prefix) {
			this.jdbc = jdbc;
			this.table = prefix + "projection";
		}

		/** Idempotent per event: an event at or before the last position seen changes nothing. */
		@EventObserver(id = "projection", durable = true, segments = 6)
		public void on(Event<OrderPlaced> event) {
			this.jdbc.update("INSERT INTO " + this.table + " (order_id, events, last_number, last_position)"
					+ " VALUES (?, 1, ?, ?) ON CONFLICT (order_id) DO UPDATE SET events = " + this.table
					+ ".events + 1, last_number = EXCLUDED.last_number, last_position = EXCLUDED.last_position"
					+ " WHERE " + this.table + ".last_position < EXCLUDED.last_position", event.payload().orderId(),
					event.payload().number(), event.position());
		}

	}

}
