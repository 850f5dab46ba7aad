package io.github.eventbus.store.jdbc;

import java.util.UUID;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Dispatch around transactions with the store on an in-memory H2 database. */
class H2OutboxDispatchIntegrationTests extends OutboxDispatchTests {

	private static HikariDataSource dataSource;

	@BeforeAll
	static void startDatabase() {
		dataSource = new HikariDataSource();
		dataSource.setJdbcUrl("jdbc:h2:mem:outbox-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
		dataSource.setMaximumPoolSize(8);
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
