package io.github.eventbus.autoconfigure.jdbc;

import io.github.eventbus.store.jdbc.JdbcEventStore;
import io.github.eventbus.store.jdbc.JdbcEventStoreSchema;
import org.junit.jupiter.api.Test;

import org.springframework.boot.sql.init.DatabaseInitializationMode;

import static org.assertj.core.api.Assertions.assertThat;

/** Tests for {@link JdbcEventStoreProperties}. */
class JdbcEventStorePropertiesTests {

	private final JdbcEventStoreProperties testSubject = new JdbcEventStoreProperties();

	@Test
	void defaultsMatchTheStore() {
		assertThat(this.testSubject.getTablePrefix()).isEqualTo(JdbcEventStoreSchema.DEFAULT_TABLE_PREFIX);
		assertThat(this.testSubject.getGroupCommit().getMaxBatchSize())
			.isEqualTo(JdbcEventStore.DEFAULT_MAX_BATCH_SIZE);
		assertThat(this.testSubject.getGroupCommit().getMaxWait()).isEqualTo(JdbcEventStore.DEFAULT_MAX_WAIT);
		assertThat(this.testSubject.getInitializeSchema()).isEqualTo(DatabaseInitializationMode.EMBEDDED);
		assertThat(this.testSubject.getDefaultSchemaLocation()).isEqualTo(JdbcEventStoreSchema.SCHEMA_LOCATION);
		assertThat(this.testSubject.getTypePackages()).isEmpty();
	}

}
