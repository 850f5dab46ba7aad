package io.github.eventbus.kafka.jdbc;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.Objects;
import java.util.UUID;

import javax.sql.DataSource;

import io.github.eventbus.jdbc.JdbcSchema;
import io.github.eventbus.kafka.ProcessedEvents;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@link ProcessedEvents} in the {@code <prefix>kafka_processed} table, one row per observer and event id
 * (schema scripts: {@value #SCHEMA_LOCATION}).
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

	/** Where the schema scripts are, with Spring Boot's {@code @@platform@@} placeholder. */
	public static final String SCHEMA_LOCATION = "classpath:io/github/eventbus/kafka/jdbc/schema-@@platform@@.sql";

	/** The default table prefix. */
	public static final String DEFAULT_TABLE_PREFIX = JdbcSchema.DEFAULT_TABLE_PREFIX;

	private static final String INSERT = """
			INSERT INTO @@prefix@@kafka_processed (observer_id, event_id, processed_at) VALUES (?, ?, ?)
			""";

	private static final String INSERT_POSTGRESQL = """
			INSERT INTO @@prefix@@kafka_processed (observer_id, event_id, processed_at) VALUES (?, ?, ?)
			ON CONFLICT DO NOTHING
			""";

	private static final String EXISTS = """
			SELECT COUNT(*) FROM @@prefix@@kafka_processed WHERE observer_id = ? AND event_id = ?
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
		this.jdbc = new JdbcTemplate(dataSource);
		this.transactions = new TransactionTemplate(transactionManager);
		this.clock = Objects.requireNonNull(clock, "clock");
		boolean postgresql = "postgresql".equals(JdbcSchema.platform(dataSource));
		this.insert = JdbcSchema.withTablePrefix(postgresql ? INSERT_POSTGRESQL : INSERT, tablePrefix);
		this.exists = JdbcSchema.withTablePrefix(EXISTS, tablePrefix);
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
	 * Creates the table unless it exists; for applications that do not use Spring Boot's database
	 * initialization.
	 * @param dataSource an H2 or PostgreSQL database
	 * @param tablePrefix the table prefix
	 */
	public static void createTable(DataSource dataSource, String tablePrefix) {
		JdbcSchema.create(dataSource, SCHEMA_LOCATION, tablePrefix);
	}

}
