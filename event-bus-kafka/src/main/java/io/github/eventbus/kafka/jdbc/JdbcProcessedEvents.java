package io.github.eventbus.kafka.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Objects;
import java.util.UUID;

import javax.sql.DataSource;

import io.github.eventbus.durable.jdbc.DurableTables;
import io.github.eventbus.kafka.ProcessedEvents;
import io.github.eventbus.store.jdbc.JdbcEventStoreSchema;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@link ProcessedEvents} in the {@code <prefix>kafka_processed} table, one row per observer and event id
 * (schema: {@code io/github/eventbus/kafka/jdbc/schema-h2.sql}, {@code schema-postgresql.sql}).
 * <p>
 * {@link #handleOnce} inserts the row and calls the observer in one transaction of the given transaction
 * manager: if the observer writes to the same database, its writes and the row commit together, and a
 * failure rolls both back. Two consumers handed the same event at once (during a rebalance) both insert;
 * the database makes the second wait for the first and then skip. Rows are never deleted here; prune old
 * ones ({@code processed_at}) once no redelivery can reach back that far.
 * <p>
 * Thread-safe.
 */
public final class JdbcProcessedEvents implements ProcessedEvents {

	/** The default table prefix. */
	public static final String DEFAULT_TABLE_PREFIX = "eventbus_";

	private static final String INSERT = """
			INSERT INTO eventbus_kafka_processed (observer_id, event_id, processed_at) VALUES (?, ?, ?)
			""";

	private static final String INSERT_POSTGRESQL = """
			INSERT INTO eventbus_kafka_processed (observer_id, event_id, processed_at) VALUES (?, ?, ?)
			ON CONFLICT DO NOTHING
			""";

	private static final String EXISTS = """
			SELECT COUNT(*) FROM eventbus_kafka_processed WHERE observer_id = ? AND event_id = ?
			""";

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transactions;

	private final Clock clock;

	private final String insert;

	private final String exists;

	/**
	 * @param dataSource the database, with the table created ({@link #createTable})
	 * @param transactionManager the manager of {@code dataSource}'s transactions
	 * @param tablePrefix the table prefix
	 * @param clock stamps {@code processed_at}
	 */
	public JdbcProcessedEvents(DataSource dataSource, PlatformTransactionManager transactionManager,
			String tablePrefix, Clock clock) {
		checkPrefix(tablePrefix);
		this.jdbc = new JdbcTemplate(dataSource);
		this.transactions = new TransactionTemplate(transactionManager);
		this.clock = Objects.requireNonNull(clock, "clock");
		boolean postgresql = "postgresql".equals(DurableTables.platform(dataSource));
		this.insert = withPrefix(postgresql ? INSERT_POSTGRESQL : INSERT, tablePrefix);
		this.exists = withPrefix(EXISTS, tablePrefix);
	}

	@Override
	public boolean handleOnce(String observerId, UUID eventId, Runnable handler) {
		Boolean handled = this.transactions.execute((status) -> {
			int inserted;
			try {
				inserted = this.jdbc.update(this.insert, observerId, eventId.toString(),
						Timestamp.from(this.clock.instant()));
			}
			catch (DuplicateKeyException ex) {
				inserted = 0;
			}
			if (inserted == 0) {
				status.setRollbackOnly();
				return false;
			}
			handler.run();
			return true;
		});
		return Boolean.TRUE.equals(handled);
	}

	@Override
	public boolean isProcessed(String observerId, UUID eventId) {
		Long count = this.jdbc.queryForObject(this.exists, Long.class, observerId, eventId.toString());
		return count != null && count > 0;
	}

	/**
	 * Creates the table unless it exists.
	 * @param dataSource an H2 or PostgreSQL database
	 * @param tablePrefix the table prefix
	 */
	public static void createTable(DataSource dataSource, String tablePrefix) {
		checkPrefix(tablePrefix);
		String name = "schema-" + DurableTables.platform(dataSource) + ".sql";
		String script;
		try (InputStream in = JdbcProcessedEvents.class.getResourceAsStream(name)) {
			if (in == null) {
				throw new IllegalStateException("Missing schema file " + name);
			}
			script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot read schema file " + name, ex);
		}
		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		for (String statement : withPrefix(script.replaceAll("(?m)^--.*$", ""), tablePrefix).split(";")) {
			if (!statement.isBlank()) {
				jdbc.execute(statement.strip());
			}
		}
	}

	private static String withPrefix(String sql, String tablePrefix) {
		return sql.replace(DEFAULT_TABLE_PREFIX, tablePrefix);
	}

	private static void checkPrefix(String tablePrefix) {
		JdbcEventStoreSchema.checkTablePrefix(tablePrefix);
	}

}
