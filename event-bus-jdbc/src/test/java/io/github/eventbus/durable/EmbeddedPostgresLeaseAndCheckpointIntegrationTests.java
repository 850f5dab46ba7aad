package io.github.eventbus.durable;

import javax.sql.DataSource;

import io.github.eventbus.durable.AbstractDurableObserversTests.Stores;
import io.github.eventbus.durable.jdbc.DurableTables;
import org.junit.jupiter.api.AfterEach;

class EmbeddedPostgresLeaseAndCheckpointIntegrationTests extends AbstractLeaseAndCheckpointTests {

	private DataSource dataSource;

	private DurableTables tables;

	@Override
	Stores newStores() {
		this.dataSource = Databases.embeddedPostgres();
		this.tables = Databases.freshTables(this.dataSource);
		return Databases.stores(this.dataSource, this.tables);
	}

	@AfterEach
	void dropTables() {
		Databases.drop(this.dataSource, this.tables);
	}

}
