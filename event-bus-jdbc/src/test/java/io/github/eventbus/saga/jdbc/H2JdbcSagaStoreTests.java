package io.github.eventbus.saga.jdbc;

import java.time.Clock;
import java.util.UUID;

import io.github.eventbus.jdbc.JdbcSchema;
import io.github.eventbus.saga.SagaStore;
import io.github.eventbus.saga.SagaStoreContractTests;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class H2JdbcSagaStoreTests extends SagaStoreContractTests {

	@Override
	protected SagaStore createStore() {
		DriverManagerDataSource dataSource = new DriverManagerDataSource(
				"jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
		SagaSchema.create(dataSource, "app_");
		return new JdbcSagaStore(new JdbcTemplate(dataSource), "app_", Clock.systemUTC());
	}

	@Test
	void tablePrefixMustBeAnIdentifier() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new JdbcSagaStore(new JdbcTemplate(), "x; DROP TABLE y; --", Clock.systemUTC()));
		assertThat(JdbcSchema.script(SagaSchema.SCHEMA_LOCATION, "postgresql", "app_"))
			.contains("CREATE TABLE IF NOT EXISTS app_saga (")
			.doesNotContain("eventbus_");
	}

}
