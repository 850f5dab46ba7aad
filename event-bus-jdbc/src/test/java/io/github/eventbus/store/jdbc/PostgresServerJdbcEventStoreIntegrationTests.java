package io.github.eventbus.store.jdbc;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.condition.EnabledIf;

/**
 * The store contract on the PostgreSQL server at 127.0.0.1:5432 (database {@code test}, user
 * {@code postgres}), which CI starts. Runs only when the server is reachable; the embedded PostgreSQL
 * tests cover PostgreSQL everywhere else.
 */
@EnabledIf("serverReachable")
class PostgresServerJdbcEventStoreIntegrationTests extends JdbcEventStoreContractTests {

	private static HikariDataSource dataSource;

	static boolean serverReachable() {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", 5432), 500);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	@BeforeAll
	static void connect() {
		dataSource = new HikariDataSource();
		dataSource.setJdbcUrl("jdbc:postgresql://127.0.0.1:5432/test?reWriteBatchedInserts=true");
		dataSource.setUsername("postgres");
		dataSource.setMaximumPoolSize(24);
		// Visibility order is what these tests check, not durability: without a disk flush per commit
		// the many small transactions of the concurrent cases finish in seconds on a busy machine.
		dataSource.setConnectionInitSql("SET synchronous_commit = off");
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
