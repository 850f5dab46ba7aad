package io.github.eventbus.durable;

import javax.sql.DataSource;

class H2DurableObserversIntegrationTests extends AbstractDurableObserversTests {

	@Override
	Stores newStores() {
		DataSource dataSource = Databases.h2();
		return Databases.stores(dataSource, Databases.freshTables(dataSource));
	}

}
