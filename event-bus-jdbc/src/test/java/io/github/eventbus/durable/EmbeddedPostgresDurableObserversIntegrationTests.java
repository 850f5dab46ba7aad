package io.github.eventbus.durable;

import javax.sql.DataSource;

import io.github.eventbus.durable.jdbc.DurableTables;
import org.junit.jupiter.api.AfterEach;

/** On PostgreSQL started by the test itself (zonky), so it runs on a machine with only a JDK. */
class EmbeddedPostgresDurableObserversIntegrationTests extends AbstractDurableObserversTests {

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
