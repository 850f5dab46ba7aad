package io.github.eventbus.kafka.jdbc;

import java.util.UUID;

import javax.sql.DataSource;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

class H2JdbcProcessedEventsIntegrationTests extends JdbcProcessedEventsContractTests {

	private final DataSource dataSource = new DriverManagerDataSource(
			"jdbc:h2:mem:processed-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000");

	@Override
	protected DataSource dataSource() {
		return this.dataSource;
	}

	@Override
	protected boolean someoneWaitsToInsert(JdbcTemplate jdbc) {
		// H2 leaves BLOCKER_ID empty here; a session still executing the INSERT is the waiting one.
		Long waiting = jdbc.queryForObject("SELECT COUNT(*) FROM INFORMATION_SCHEMA.SESSIONS "
				+ "WHERE EXECUTING_STATEMENT LIKE 'INSERT INTO " + this.tablePrefix + "kafka_processed%'", Long.class);
		return waiting != null && waiting > 0;
	}

}
