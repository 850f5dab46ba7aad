package io.github.eventbus.saga;

class InMemorySagaStoreTests extends SagaStoreContractTests {

	@Override
	protected SagaStore createStore() {
		return SagaStore.inMemory();
	}

}
