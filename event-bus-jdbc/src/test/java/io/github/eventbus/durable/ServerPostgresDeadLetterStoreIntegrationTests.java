package io.github.eventbus.durable;

import javax.sql.DataSource;

import io.github.eventbus.durable.AbstractDurableObserversTests.Stores;
import io.github.eventbus.durable.jdbc.DurableTables;
import org.junit.jupiter.api.AfterEach;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** On the PostgreSQL server at 127.0.0.1:5432, as in CI; skipped, saying so, when none answers. */
class ServerPostgresDeadLetterStoreIntegrationTests extends AbstractDeadLetterStoreTests {

	private DataSource dataSource;

	private DurableTables tables;

	@Override
	Stores newStores() {
		this.dataSource = Databases.serverPostgres();
		assumeTrue(this.dataSource != null, "no PostgreSQL server on 127.0.0.1:5432");
		this.tables = Databases.freshTables(this.dataSource);
		return Databases.stores(this.dataSource, this.tables);
	}

	@AfterEach
	void dropTables() {
		if (this.tables != null) {
			Databases.drop(this.dataSource, this.tables);
		}
	}

}
