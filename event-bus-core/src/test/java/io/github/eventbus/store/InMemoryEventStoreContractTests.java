package io.github.eventbus.store;

/** The store contract on the bounded in-memory store. */
class InMemoryEventStoreContractTests extends EventStoreContractTests {

	@Override
	protected EventStore createStore() {
		return new InMemoryEventStore(100_000);
	}

	@Override
	protected int followerEventCount() {
		return 20_000;
	}

}
