package io.github.eventbus.autoconfigure.jdbc;

import io.github.eventbus.store.jdbc.JdbcEventStore;
import io.github.eventbus.store.jdbc.JdbcEventStoreSchema;
import org.junit.jupiter.api.Test;

import org.springframework.boot.sql.init.DatabaseInitializationMode;

import static org.assertj.core.api.Assertions.assertThat;

/** Tests for {@link JdbcEventStoreProperties} and {@link EventBusJdbcProperties}. */
class JdbcEventStorePropertiesTests {

	private final JdbcEventStoreProperties testSubject = new JdbcEventStoreProperties();

	private final EventBusJdbcProperties jdbc = new EventBusJdbcProperties();

	@Test
	void defaultsMatchTheStore() {
		assertThat(this.testSubject.getTablePrefix()).isNull();
		assertThat(this.testSubject.getGroupCommit().getMaxBatchSize())
			.isEqualTo(JdbcEventStore.DEFAULT_MAX_BATCH_SIZE);
		assertThat(this.testSubject.getGroupCommit().getMaxWait()).isEqualTo(JdbcEventStore.DEFAULT_MAX_WAIT);
		assertThat(this.testSubject.getTypePackages()).isEmpty();
		assertThat(this.jdbc.getTablePrefix()).isEqualTo(JdbcEventStoreSchema.DEFAULT_TABLE_PREFIX);
		assertThat(this.jdbc.getInitializeSchema()).isEqualTo(DatabaseInitializationMode.EMBEDDED);
	}

	@Test
	void aTableSetsOwnPrefixOverridesTheSharedOne() {
		assertThat(this.jdbc.tablePrefix(null)).isEqualTo("eventbus_");
		assertThat(this.jdbc.tablePrefix("orders_")).isEqualTo("orders_");
	}

}
