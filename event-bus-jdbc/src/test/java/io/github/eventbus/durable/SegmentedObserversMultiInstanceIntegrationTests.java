package io.github.eventbus.durable;

import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
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
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Three child JVMs ({@link SegmentChild}) share a 12-segment durable observer on the PostgreSQL server
 * while events keep coming; one is killed with {@code kill -9} and its segments move to the other two once
 * its leases expire; a fourth joins and takes its share. Across the run every event is handled, no
 * stream's events are handled out of order or by two JVMs at once, and the duplicates are at most the
 * killed JVM's events in flight (handled after its last saved checkpoint: one batch).
 */
class SegmentedObserversMultiInstanceIntegrationTests {

	private static final Duration WAIT = Duration.ofSeconds(120);

	private static final int BATCH = 50;

	/** What the killed instance may have handled past its checkpoints: a few reads of its 4 segments. */
	private static final int MAX_HELD_BY_THE_KILLED_ONE = 4 * BATCH;

	private static final long LEASE_MILLIS = 3000;

	private static final int STREAMS = 60;

	private final List<Process> children = new ArrayList<>();

	private DataSource dataSource;

	private DurableTables tables;

	private String prefix;

	private JdbcEventStore store;

	private JdbcTemplate jdbc;

	private volatile int published;

	@AfterEach
	void cleanUp() {
		this.children.forEach(Process::destroyForcibly);
		if (this.store != null) {
			this.store.close();
		}
		if (this.tables != null) {
			Databases.drop(this.dataSource, this.tables);
			for (String table : List.of("events", "head", "store", "handled", "busy", "overlap")) {
				this.jdbc.execute("DROP TABLE IF EXISTS " + this.prefix + table);
			}
		}
	}

	@Test
	void threeInstancesShareTwelveSegmentsMoveAKilledOnesAndGiveAJoiningOneItsShare(@TempDir Path logs)
			throws Exception {
		// given
		this.dataSource = Databases.serverPostgres();
		assumeTrue(this.dataSource != null, "no PostgreSQL server on 127.0.0.1:5432");
		String url = ((HikariDataSource) this.dataSource).getJdbcUrl();
		this.prefix = "eventbus_seg" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0xFFFF)) + "_";
		this.tables = new DurableTables(this.prefix);
		this.tables.create(this.dataSource);
		JdbcEventStoreSchema.create(this.dataSource, this.prefix);
		this.store = new JdbcEventStore(this.dataSource, new EventSerializer(new JsonMapper(), new EventTypeRegistry()),
				this.prefix, JdbcEventStore.DEFAULT_MAX_BATCH_SIZE, JdbcEventStore.DEFAULT_MAX_WAIT);
		this.jdbc = new JdbcTemplate(this.dataSource);
		this.jdbc.execute("CREATE TABLE " + this.prefix + "handled (id BIGSERIAL PRIMARY KEY, position BIGINT NOT NULL,"
				+ " stream_id VARCHAR(100) NOT NULL, version BIGINT NOT NULL, instance VARCHAR(20) NOT NULL)");
		this.jdbc.execute("CREATE TABLE " + this.prefix + "busy (stream_id VARCHAR(100) PRIMARY KEY, holder VARCHAR(20))");
		this.jdbc.execute("CREATE TABLE " + this.prefix + "overlap (stream_id VARCHAR(100), instance VARCHAR(20))");
		for (int stream = 0; stream < STREAMS; stream++) {
			this.jdbc.update("INSERT INTO " + this.prefix + "busy (stream_id) VALUES (?)", "order-" + stream);
		}
		startChild("a", logs);
		startChild("b", logs);
		Process c = startChild("c", logs);
		awaitShares(Map.of("a", 4L, "b", 4L, "c", 4L));
		publish(1500);
		await().atMost(WAIT).until(() -> handledBy("c") >= 100);
		// when: c is killed in the middle of the run while events keep coming
		new ProcessBuilder("kill", "-9", String.valueOf(c.pid())).start().waitFor();
		assertThat(c.waitFor(10, TimeUnit.SECONDS)).isTrue();
		// A handler killed while it ran leaves its stream marked busy by a process that no longer exists; that
		// mark is no overlap, and would make every later event of the stream look like one.
		this.jdbc.update("UPDATE " + this.prefix + "busy SET holder = NULL WHERE holder = 'c'");
		long killedAt = System.nanoTime();
		ExecutorService publisher = Executors.newSingleThreadExecutor();
		Future<?> publishing = publisher.submit(() -> publish(1500));
		// then: its segments move to a and b once its leases expire
		awaitShares(Map.of("a", 6L, "b", 6L));
		long movedAfterMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt);
		System.out.println("segments of the killed instance moved after " + movedAfterMillis + " ms (lease "
				+ LEASE_MILLIS + " ms)");
		publishing.get(WAIT.toSeconds(), TimeUnit.SECONDS);
		publisher.shutdown();
		awaitEveryEventHandled();
		// when: d joins
		startChild("d", logs);
		awaitShares(Map.of("a", 4L, "b", 4L, "d", 4L));
		publish(1000);
		// then
		awaitEveryEventHandled();
		assertThat(handledBy("d")).isPositive();
		assertThat(count("SELECT COUNT(*) FROM " + this.prefix + "overlap")).isZero();
		assertThat(outOfOrder()).isEmpty();
		// at-least-once: the only events handled twice are ones the killed instance handled after its last
		// checkpoint (its in-flight reads: about BATCH of its own per read, several reads may be held), never a
		// hand-over between live instances
		long duplicates = count("SELECT COUNT(*) FROM " + this.prefix + "handled") - this.published;
		assertThat(duplicates).isBetween(0L, (long) MAX_HELD_BY_THE_KILLED_ONE);
		assertThat(count("SELECT COUNT(*) FROM (SELECT position FROM " + this.prefix + "handled GROUP BY position"
				+ " HAVING COUNT(*) > 1 AND COUNT(CASE WHEN instance = 'c' THEN 1 END) = 0) twice")).isZero();
	}

	private void publish(int count) {
		for (int i = 0; i < count; i++) {
			int number = this.published + 1;
			String stream = "order-" + (number % STREAMS);
			this.store.append(stream, EventStore.ANY_VERSION, List.of(new OrderPlaced(stream, number)));
			this.published = number;
		}
	}

	private void awaitEveryEventHandled() {
		await().atMost(WAIT).pollInterval(Duration.ofMillis(100))
			.until(() -> count("SELECT COUNT(DISTINCT position) FROM " + this.prefix + "handled") == this.published);
		assertThat(count("SELECT COUNT(*) FROM " + this.prefix + "events e WHERE NOT EXISTS (SELECT 1 FROM "
				+ this.prefix + "handled h WHERE h.position = e.position)")).isZero();
	}

	private void awaitShares(Map<String, Long> shares) {
		await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).until(() -> owners().equals(shares));
	}

	/** Live segment leases per owner, by the database's clock. */
	private Map<String, Long> owners() {
		Map<String, Long> owners = new TreeMap<>();
		this.jdbc.query("SELECT lease_owner, COUNT(*) FROM " + this.prefix + "lease WHERE name LIKE 'segmented#%/12'"
				+ " AND expires_at > CAST(EXTRACT(EPOCH FROM clock_timestamp()) * 1000 AS BIGINT) GROUP BY lease_owner",
				(rs) -> {
					owners.put(rs.getString(1), rs.getLong(2));
				});
		return owners;
	}

	private long handledBy(String instance) {
		return count("SELECT COUNT(*) FROM " + this.prefix + "handled WHERE instance = '" + instance + "'");
	}

	/** Events handled before an earlier event of their stream had ever been handled. */
	private List<String> outOfOrder() {
		Map<String, Set<Long>> seen = new HashMap<>();
		List<String> wrong = new ArrayList<>();
		this.jdbc.query("SELECT stream_id, version, instance FROM " + this.prefix + "handled ORDER BY id", (rs) -> {
			Set<Long> versions = seen.computeIfAbsent(rs.getString(1), (stream) -> new HashSet<>());
			long version = rs.getLong(2);
			if (version > 1 && !versions.contains(version - 1)) {
				wrong.add(rs.getString(1) + " v" + version + " on " + rs.getString(3));
			}
			versions.add(version);
		});
		return wrong;
	}

	private long count(String sql) {
		Long count = this.jdbc.queryForObject(sql, Long.class);
		return (count != null) ? count : 0;
	}

	private Process startChild(String instance, Path logs) throws Exception {
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		File log = logs.resolve(instance + ".log").toFile();
		Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
				SegmentChild.class.getName(), ((HikariDataSource) this.dataSource).getJdbcUrl(), this.prefix, instance,
				String.valueOf(BATCH), String.valueOf(LEASE_MILLIS))
			.redirectErrorStream(true)
			.redirectOutput(log)
			.start();
		this.children.add(process);
		return process;
	}

}
