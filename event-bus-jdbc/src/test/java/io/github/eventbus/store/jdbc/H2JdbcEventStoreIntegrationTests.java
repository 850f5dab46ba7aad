package io.github.eventbus.store.jdbc;

import java.util.UUID;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The store contract on an in-memory H2 database. */
class H2JdbcEventStoreIntegrationTests extends JdbcEventStoreContractTests {

	private static HikariDataSource dataSource;

	@BeforeAll
	static void startDatabase() {
		dataSource = new HikariDataSource();
		// Appending transactions wait for each other's head lock here, some for seconds: longer than H2's
		// default lock timeout of one second.
		dataSource.setJdbcUrl("jdbc:h2:mem:eventbus-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=60000");
		dataSource.setMaximumPoolSize(24);
	}

	@AfterAll
	static void stopDatabase() {
		dataSource.close();
	}

	@Override
	protected DataSource dataSource() {
		return dataSource;
	}

}
