package io.github.eventbus.store.jdbc;

import java.io.IOException;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The store contract on an embedded PostgreSQL started from Maven Central binaries, so PostgreSQL is
 * covered on a machine with only a JDK.
 */
class EmbeddedPostgresJdbcEventStoreIntegrationTests extends JdbcEventStoreContractTests {

	private static EmbeddedPostgres postgres;

	private static HikariDataSource dataSource;

	@BeforeAll
	static void startDatabase() throws IOException {
		postgres = EmbeddedPostgres.start();
		dataSource = new HikariDataSource();
		dataSource.setJdbcUrl(postgres.getJdbcUrl("postgres", "postgres") + "&reWriteBatchedInserts=true");
		dataSource.setMaximumPoolSize(24);
		// Visibility order is what these tests check, not durability: without a disk flush per commit
		// the many small transactions of the concurrent cases finish in seconds on a busy machine.
		dataSource.setConnectionInitSql("SET synchronous_commit = off");
	}

	@AfterAll
	static void stopDatabase() throws IOException {
		dataSource.close();
		postgres.close();
	}

	@Override
	protected DataSource dataSource() {
		return dataSource;
	}

}
