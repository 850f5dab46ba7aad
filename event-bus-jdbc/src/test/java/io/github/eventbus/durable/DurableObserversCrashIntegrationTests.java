package io.github.eventbus.durable;

import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import io.github.eventbus.durable.Events.OrderPlaced;
import io.github.eventbus.durable.jdbc.DurableTables;
import io.github.eventbus.store.EventStore;
import io.github.eventbus.store.jdbc.EventSerializer;
import io.github.eventbus.store.jdbc.EventTypeRegistry;
import io.github.eventbus.store.jdbc.JdbcEventStore;
import io.github.eventbus.store.jdbc.JdbcEventStoreSchema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A child JVM running a durable observer over the {@link JdbcEventStore} on PostgreSQL is killed with {@code kill -9} in the middle of a
 * 10,000-event run and started again: every event ends up handled, none is skipped, and the duplicates
 * are at most the events in flight at the kill (those after the last saved checkpoint: one batch).
 */
class DurableObserversCrashIntegrationTests {

	private static final int EVENTS = 10_000;

	private static final int BATCH = 100;

	private final List<Process> children = new ArrayList<>();

	private DataSource dataSource;

	private DurableTables tables;

	private String prefix;

	private long head;

	private JdbcEventStore store;

	@AfterEach
	void cleanUp() {
		this.children.forEach(Process::destroyForcibly);
		if (this.store != null) {
			this.store.close();
		}
		if (this.tables != null) {
			JdbcTemplate jdbc = new JdbcTemplate(this.dataSource);
			Databases.drop(this.dataSource, this.tables);
			jdbc.execute("DROP TABLE IF EXISTS " + this.prefix + "events");
			jdbc.execute("DROP TABLE IF EXISTS " + this.prefix + "head");
			jdbc.execute("DROP TABLE IF EXISTS " + this.prefix + "handled");
		}
	}

	@Test
	void handlesEveryEventAfterAKillNineWithDuplicatesOnlyFromTheLastBatch(@TempDir Path logs) throws Exception {
		// given
		this.dataSource = Databases.embeddedPostgres();
		String url = ((com.zaxxer.hikari.HikariDataSource) this.dataSource).getJdbcUrl();
		this.prefix = "eventbus_crash" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0xFFFF)) + "_";
		this.tables = new DurableTables(this.prefix);
		this.tables.create(this.dataSource);
		JdbcEventStoreSchema.create(this.dataSource, this.prefix);
		this.store = new JdbcEventStore(this.dataSource, new EventSerializer(new JsonMapper(), new EventTypeRegistry()),
				this.prefix, JdbcEventStore.DEFAULT_MAX_BATCH_SIZE, JdbcEventStore.DEFAULT_MAX_WAIT);
		EventStore store = this.store;
		JdbcTemplate jdbc = new JdbcTemplate(this.dataSource);
		jdbc.execute("CREATE TABLE " + this.prefix + "handled (position BIGINT NOT NULL)");
		for (int stream = 0; stream < 100; stream++) {
			List<OrderPlaced> orders = new ArrayList<>();
			for (int i = 0; i < EVENTS / 100; i++) {
				orders.add(new OrderPlaced("order-" + stream, i));
			}
			store.append("order-" + stream, EventStore.ANY_VERSION, orders);
		}
		// Positions have gaps on PostgreSQL: count the events, remember the head for the child.
		await().atMost(Duration.ofSeconds(60)).until(() -> store.countAfter(0) == EVENTS);
		this.head = store.headPosition();
		// when
		Process first = startChild(url, logs.resolve("first.log").toFile());
		await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
			.until(() -> handledCount(jdbc) >= EVENTS / 3);
		new ProcessBuilder("kill", "-9", String.valueOf(first.pid())).start().waitFor();
		assertThat(first.waitFor(10, TimeUnit.SECONDS)).isTrue();
		assertThat(first.exitValue()).isEqualTo(137);
		long handledBeforeKill = handledCount(jdbc);
		Long checkpointAtKill = jdbc.queryForObject(
				"SELECT checkpoint_position FROM " + this.prefix + "checkpoint WHERE name = 'crash-observer'",
				Long.class);
		Long handledAfterCheckpoint = jdbc.queryForObject(
				"SELECT COUNT(*) FROM " + this.prefix + "handled WHERE position > ?", Long.class, checkpointAtKill);
		Process second = startChild(url, logs.resolve("second.log").toFile());
		// then
		assertThat(second.waitFor(120, TimeUnit.SECONDS)).as("restarted child finished").isTrue();
		assertThat(second.exitValue()).isZero();
		assertThat(handledBeforeKill).isLessThan(EVENTS);
		Long distinct = jdbc.queryForObject("SELECT COUNT(DISTINCT position) FROM " + this.prefix + "handled",
				Long.class);
		Long missing = jdbc.queryForObject("SELECT COUNT(*) FROM " + this.prefix + "events e WHERE NOT EXISTS"
				+ " (SELECT 1 FROM " + this.prefix + "handled h WHERE h.position = e.position)", Long.class);
		long duplicates = handledCount(jdbc) - distinct;
		assertThat(missing).isZero();
		assertThat(distinct).isEqualTo(EVENTS);
		assertThat(duplicates).isEqualTo(handledAfterCheckpoint).isLessThanOrEqualTo(BATCH);
	}

	private Process startChild(String url, File log) throws Exception {
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
				CrashChild.class.getName(), url, this.prefix, String.valueOf(this.head), String.valueOf(BATCH))
			.redirectErrorStream(true)
			.redirectOutput(log)
			.start();
		this.children.add(process);
		return process;
	}

	private long handledCount(JdbcTemplate jdbc) {
		Long count = jdbc.queryForObject("SELECT COUNT(*) FROM " + this.prefix + "handled", Long.class);
		return (count != null) ? count : 0;
	}

}
