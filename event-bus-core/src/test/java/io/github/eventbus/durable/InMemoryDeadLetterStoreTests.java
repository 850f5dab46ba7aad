package io.github.eventbus.durable;

import io.github.eventbus.deadletter.DeadLetterStore;
import io.github.eventbus.durable.AbstractDurableObserversTests.Stores;
import io.github.eventbus.lease.LeaseStore;

class InMemoryDeadLetterStoreTests extends AbstractDeadLetterStoreTests {

	@Override
	Stores newStores() {
		LeaseStore leases = LeaseStore.inMemory();
		return new Stores(leases, CheckpointStore.inMemory(leases), DeadLetterStore.inMemory());
	}

}
