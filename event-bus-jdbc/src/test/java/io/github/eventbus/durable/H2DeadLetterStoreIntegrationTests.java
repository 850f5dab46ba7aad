package io.github.eventbus.durable;

import javax.sql.DataSource;

import io.github.eventbus.durable.AbstractDurableObserversTests.Stores;

class H2DeadLetterStoreIntegrationTests extends AbstractDeadLetterStoreTests {

	@Override
	Stores newStores() {
		DataSource dataSource = Databases.h2();
		return Databases.stores(dataSource, Databases.freshTables(dataSource));
	}

}
