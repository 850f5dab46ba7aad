package io.github.eventbus.saga;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import com.zaxxer.hikari.HikariDataSource;
import io.github.eventbus.durable.jdbc.DurableTables;
import io.github.eventbus.durable.jdbc.JdbcCheckpointStore;
import io.github.eventbus.durable.jdbc.JdbcDeadLetterStore;
import io.github.eventbus.durable.jdbc.JdbcLeaseStore;
import io.github.eventbus.jdbc.JdbcSchema;
import io.github.eventbus.saga.jdbc.JdbcSagaStore;
import io.github.eventbus.store.jdbc.EventSerializer;
import io.github.eventbus.store.jdbc.EventTypeRegistry;
import io.github.eventbus.store.jdbc.JdbcEventStore;
import io.github.eventbus.store.jdbc.JdbcEventStoreSchema;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

import static org.junit.jupiter.api.Assumptions.abort;

/**
 * The JDBC stores a saga runs on in production (event store, leases, checkpoints, dead letters, sagas) with a
 * transaction manager, on H2 in memory or on the PostgreSQL server at 127.0.0.1:5432 (database {@code test},
 * user {@code postgres}) in tables of a random prefix, dropped when the test closes them.
 */
final class JdbcSagaTestStores {

	private JdbcSagaTestStores() {
	}

	static SagaTestStores h2(Class<?>... eventTypes) {
		HikariDataSource dataSource = pool("jdbc:h2:mem:sagas-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa");
		return on(dataSource, JdbcSchema.DEFAULT_TABLE_PREFIX, eventTypes, () -> {
			new JdbcTemplate(dataSource).execute("DROP ALL OBJECTS");
			dataSource.close();
		});
	}

	/** Aborts the test, saying so, when no server answers. */
	static SagaTestStores serverPostgres(Class<?>... eventTypes) {
		HikariDataSource dataSource = pool("jdbc:postgresql://127.0.0.1:5432/test?connectTimeout=2", "postgres");
		try (Connection connection = dataSource.getConnection()) {
			connection.isValid(2);
		}
		catch (SQLException | RuntimeException ex) {
			dataSource.close();
			abort("no PostgreSQL server on 127.0.0.1:5432: " + ex.getMessage());
		}
		String prefix = "sagadl" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x100000, 0xFFFFFF)) + "_";
		return on(dataSource, prefix, eventTypes, () -> {
			JdbcTemplate jdbc = new JdbcTemplate(dataSource);
			List<String> tables = jdbc.queryForList(
					"SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_name LIKE ?",
					String.class, prefix + "%");
			for (String table : tables) {
				jdbc.execute("DROP TABLE IF EXISTS " + table + " CASCADE");
			}
			dataSource.close();
		});
	}

	private static SagaTestStores on(HikariDataSource dataSource, String prefix, Class<?>[] eventTypes,
			Runnable drop) {
		JdbcEventStoreSchema.create(dataSource, prefix);
		DurableTables tables = new DurableTables(prefix);
		tables.create(dataSource);
		JdbcSchema.create(dataSource, JdbcSagaStore.SCHEMA_LOCATION, prefix);
		EventTypeRegistry registry = new EventTypeRegistry();
		for (Class<?> type : eventTypes) {
			registry.register(type);
		}
		JdbcEventStore events = new JdbcEventStore(dataSource,
				new EventSerializer(JsonMapper.builder().build(), registry), prefix,
				JdbcEventStore.DEFAULT_MAX_BATCH_SIZE, JdbcEventStore.DEFAULT_MAX_WAIT);
		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		JdbcLeaseStore leases = new JdbcLeaseStore(jdbc, tables);
		return new SagaTestStores(events, new JdbcSagaStore(jdbc, prefix, Clock.systemUTC()), leases,
				new JdbcCheckpointStore(jdbc, tables, Clock.systemUTC()), new JdbcDeadLetterStore(jdbc, tables),
				new DataSourceTransactionManager(dataSource), () -> {
					events.close();
					drop.run();
				});
	}

	private static HikariDataSource pool(String url, String user) {
		HikariDataSource dataSource = new HikariDataSource();
		dataSource.setJdbcUrl(url);
		dataSource.setUsername(user);
		dataSource.setMaximumPoolSize(8);
		dataSource.setInitializationFailTimeout(-1);
		dataSource.setConnectionTimeout(3000);
		return dataSource;
	}

}
