package io.github.eventbus.kafka;

class InMemoryProcessedEventsTests extends ProcessedEventsContractTests {

	@Override
	protected ProcessedEvents create() {
		return ProcessedEvents.inMemory();
	}

}
