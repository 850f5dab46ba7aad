package io.github.eventbus.kafka.jdbc;

import java.sql.Connection;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The processed-events table on the PostgreSQL of the machine (127.0.0.1:5432, database {@code test}); skipped
 * when none answers. Tables get a random prefix and are dropped afterwards.
 */
class PostgresJdbcProcessedEventsIntegrationTests extends JdbcProcessedEventsContractTests {

	private static final DataSource DATA_SOURCE = new DriverManagerDataSource(
			"jdbc:postgresql://127.0.0.1:5432/test?connectTimeout=3", "postgres", "");

	@BeforeEach
	void requirePostgres() {
		boolean reachable;
		try (Connection connection = DATA_SOURCE.getConnection()) {
			reachable = connection.isValid(3);
		}
		catch (Exception ex) {
			reachable = false;
		}
		assumeTrue(reachable, "no PostgreSQL on 127.0.0.1:5432");
	}

	@AfterEach
	void dropTable() {
		new JdbcTemplate(DATA_SOURCE).execute("DROP TABLE IF EXISTS " + this.tablePrefix + "kafka_processed");
	}

	@Override
	protected DataSource dataSource() {
		return DATA_SOURCE;
	}

	@Override
	protected boolean someoneWaitsToInsert(JdbcTemplate jdbc) {
		Long waiting = jdbc.queryForObject("SELECT COUNT(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
				+ "AND query LIKE 'INSERT INTO " + this.tablePrefix + "kafka_processed%'", Long.class);
		return waiting != null && waiting > 0;
	}

}
