package io.github.eventbus.durable;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.github.eventbus.durable.AbstractDurableObserversTests.Stores;
import io.github.eventbus.durable.jdbc.DurableTables;
import io.github.eventbus.durable.jdbc.JdbcCheckpointStore;
import io.github.eventbus.durable.jdbc.JdbcDeadLetterStore;
import io.github.eventbus.durable.jdbc.JdbcLeaseStore;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Databases for the JDBC tests: H2 in memory, an embedded PostgreSQL started once per JVM, and the
 * PostgreSQL server on 127.0.0.1:5432 when one answers. Each test gets tables of its own prefix, so runs
 * sharing the server never see each other's rows.
 */
final class Databases {

	private static EmbeddedPostgres embedded;

	private static HikariDataSource embeddedDataSource;

	private static HikariDataSource serverDataSource;

	private Databases() {
	}

	static DataSource h2() {
		return pool("jdbc:h2:mem:durable-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa");
	}

	static synchronized DataSource embeddedPostgres() {
		if (embeddedDataSource == null) {
			try {
				embedded = EmbeddedPostgres.builder().start();
			}
			catch (IOException ex) {
				throw new IllegalStateException("Embedded PostgreSQL did not start", ex);
			}
			embeddedDataSource = pool(embedded.getJdbcUrl("postgres", "postgres"), "postgres");
		}
		return embeddedDataSource;
	}

	/** The local server, or {@code null} when none answers. */
	static synchronized DataSource serverPostgres() {
		if (serverDataSource == null) {
			HikariDataSource candidate = pool("jdbc:postgresql://127.0.0.1:5432/test?connectTimeout=2", "postgres");
			try (Connection connection = candidate.getConnection()) {
				serverDataSource = candidate;
			}
			catch (SQLException | RuntimeException ex) {
				candidate.close();
				return null;
			}
		}
		return serverDataSource;
	}

	private static HikariDataSource pool(String url, String user) {
		HikariConfig config = new HikariConfig();
		config.setJdbcUrl(url);
		config.setUsername(user);
		config.setMaximumPoolSize(8);
		config.setInitializationFailTimeout(-1);
		config.setConnectionTimeout(3000);
		return new HikariDataSource(config);
	}

	static DurableTables freshTables(DataSource dataSource) {
		DurableTables tables = new DurableTables(
				"eventbus_t" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x100000, 0xFFFFFF)) + "_");
		tables.create(dataSource);
		return tables;
	}

	static Stores stores(DataSource dataSource, DurableTables tables) {
		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		return new Stores(new JdbcLeaseStore(jdbc, tables), new JdbcCheckpointStore(jdbc, tables, Clock.systemUTC()),
				new JdbcDeadLetterStore(jdbc, tables));
	}

	static void drop(DataSource dataSource, DurableTables tables) {
		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		for (String table : tables.names()) {
			jdbc.execute("DROP TABLE IF EXISTS " + table);
		}
	}

}
