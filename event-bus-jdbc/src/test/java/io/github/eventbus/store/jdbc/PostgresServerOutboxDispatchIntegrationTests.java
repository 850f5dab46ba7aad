package io.github.eventbus.store.jdbc;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.condition.EnabledIf;

/**
 * Dispatch around transactions with the store on the PostgreSQL server at 127.0.0.1:5432 (database
 * {@code test}, user {@code postgres}); runs only when it is reachable.
 */
@EnabledIf("io.github.eventbus.store.jdbc.PostgresServerJdbcEventStoreIntegrationTests#serverReachable")
class PostgresServerOutboxDispatchIntegrationTests extends OutboxDispatchTests {

	private static HikariDataSource dataSource;

	@BeforeAll
	static void connect() {
		dataSource = new HikariDataSource();
		dataSource.setJdbcUrl("jdbc:postgresql://127.0.0.1:5432/test");
		dataSource.setUsername("postgres");
		dataSource.setMaximumPoolSize(8);
	}

	@AfterAll
	static void disconnect() {
		if (dataSource != null) {
			dataSource.close();
		}
	}

	@Override
	protected DataSource dataSource() {
		return dataSource;
	}

}
