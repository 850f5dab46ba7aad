package io.github.eventbus.benchmarks;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.github.eventbus.durable.DurableObservers;
import io.github.eventbus.durable.DurableSettings;
import io.github.eventbus.durable.jdbc.DurableTables;
import io.github.eventbus.durable.jdbc.JdbcCheckpointStore;
import io.github.eventbus.durable.jdbc.JdbcDeadLetterStore;
import io.github.eventbus.durable.jdbc.JdbcLeaseStore;
import io.github.eventbus.store.jdbc.EventSerializer;
import io.github.eventbus.store.jdbc.EventTypeRegistry;
import io.github.eventbus.store.jdbc.JdbcEventStore;
import io.github.eventbus.store.jdbc.JdbcEventStoreSchema;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * The databases of the store and durable benchmarks. PostgreSQL: the server on 127.0.0.1:5432, database
 * {@code test}, user {@code postgres} (override with {@code -Deventbus.bench.pg-url=...}); H2: in memory.
 * Both URLs carry {@code reWriteBatchedInserts=true} (PostgreSQL), for ours and the raw baseline alike.
 * Every benchmark uses tables of its own prefix ({@code bench_...}), dropped and created again per trial,
 * so runs start from the same empty tables and never touch anyone else's rows in the shared database.
 */
final class Databases {

	static final String PG_URL = System.getProperty("eventbus.bench.pg-url",
			"jdbc:postgresql://127.0.0.1:5432/test?user=postgres&reWriteBatchedInserts=true");

	private Databases() {
	}

	static String url(String db, String name) {
		return switch (db) {
			case "postgresql" -> PG_URL;
			case "h2" -> "jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1";
			default -> throw new IllegalArgumentException("db must be postgresql or h2: " + db);
		};
	}

	/** A Hikari pool, the data source a Spring Boot application would hand the store. */
	static HikariDataSource pool(String url, int size) {
		HikariConfig config = new HikariConfig();
		config.setJdbcUrl(url);
		if (url.startsWith("jdbc:h2:")) {
			config.setUsername("sa");
		}
		config.setMaximumPoolSize(size);
		config.setMinimumIdle(size);
		return new HikariDataSource(config);
	}

	static EventSerializer serializer(Class<?>... payloadTypes) {
		EventTypeRegistry registry = new EventTypeRegistry();
		for (Class<?> type : payloadTypes) {
			registry.register(type);
		}
		return new EventSerializer(new JsonMapper(), registry);
	}

	/** Drops the event store tables of {@code prefix} and creates them again, empty. */
	static void recreateStoreTables(DataSource dataSource, String prefix) throws SQLException {
		drop(dataSource, prefix + "events", prefix + "head");
		JdbcEventStoreSchema.create(dataSource, prefix);
	}

	/**
	 * Durable observers on {@code store} with leases, checkpoints and dead letters in {@code tables}, as an
	 * application instance has them; failures are printed.
	 */
	static DurableObservers durableObservers(JdbcEventStore store, DataSource dataSource, DurableTables tables,
			DurableSettings settings) {
		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		return DurableObservers.builder(store)
			.leases(new JdbcLeaseStore(jdbc, tables))
			.checkpoints(new JdbcCheckpointStore(jdbc, tables, Clock.systemUTC()))
			.deadLetters(new JdbcDeadLetterStore(jdbc, tables))
			.errorHandler((failure) -> failure.exception().printStackTrace())
			.settings(settings)
			.build();
	}

	static void drop(DataSource dataSource, String... tables) throws SQLException {
		try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
			connection.setAutoCommit(true);
			for (String table : tables) {
				statement.execute("DROP TABLE IF EXISTS " + table);
			}
		}
	}

}
