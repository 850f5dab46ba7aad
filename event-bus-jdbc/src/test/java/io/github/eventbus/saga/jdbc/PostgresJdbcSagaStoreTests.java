package io.github.eventbus.saga.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.concurrent.ThreadLocalRandom;

import io.github.eventbus.jdbc.JdbcSchema;
import io.github.eventbus.saga.SagaStore;
import io.github.eventbus.saga.SagaStoreContractTests;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The contract on the PostgreSQL server at 127.0.0.1:5432 (database {@code test}, user {@code postgres});
 * skipped when there is none. Each test uses tables of its own prefix and drops them.
 */
class PostgresJdbcSagaStoreTests extends SagaStoreContractTests {

	private final DriverManagerDataSource dataSource = new DriverManagerDataSource(
			"jdbc:postgresql://127.0.0.1:5432/test", "postgres", "");

	private final String prefix = "sagatest" + Integer.toHexString(ThreadLocalRandom.current().nextInt(1 << 20)) + "_";

	@Override
	protected SagaStore createStore() {
		try (Connection connection = this.dataSource.getConnection()) {
			Assumptions.assumeTrue(connection.isValid(2));
		}
		catch (SQLException ex) {
			Assumptions.abort("No PostgreSQL at 127.0.0.1:5432: " + ex.getMessage());
		}
		JdbcSchema.create(this.dataSource, JdbcSagaStore.SCHEMA_LOCATION, this.prefix);
		return new JdbcSagaStore(new JdbcTemplate(this.dataSource), this.prefix, Clock.systemUTC());
	}

	@AfterEach
	void dropTables() {
		if (this.testSubject == null) {
			return;
		}
		JdbcTemplate jdbc = new JdbcTemplate(this.dataSource);
		for (String table : new String[] { "saga", "saga_association", "saga_deadline" }) {
			jdbc.execute("DROP TABLE IF EXISTS " + this.prefix + table);
		}
	}

}
