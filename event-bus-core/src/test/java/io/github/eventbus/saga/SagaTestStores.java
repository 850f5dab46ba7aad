package io.github.eventbus.saga;

import io.github.eventbus.deadletter.DeadLetterStore;
import io.github.eventbus.durable.CheckpointStore;
import io.github.eventbus.lease.LeaseStore;
import io.github.eventbus.store.EventStore;
import org.jspecify.annotations.Nullable;

import org.springframework.transaction.PlatformTransactionManager;

/**
 * The stores a saga test runs on, so the saga failure tests written against the in-memory stores run on the
 * JDBC stores too (subclasses in event-bus-jdbc). {@code close} runs after the durable observers stopped.
 */
record SagaTestStores(EventStore events, SagaStore sagas, LeaseStore leases, CheckpointStore checkpoints,
		DeadLetterStore deadLetters, @Nullable PlatformTransactionManager transactions, Runnable close) {

	/** The same stores with another event store, e.g. one that counts calls. */
	SagaTestStores withEvents(EventStore other) {
		return new SagaTestStores(other, this.sagas, this.leases, this.checkpoints, this.deadLetters, this.transactions,
				this.close);
	}

	static SagaTestStores inMemory() {
		LeaseStore leases = LeaseStore.inMemory();
		return new SagaTestStores(EventStore.inMemory(1_000_000), SagaStore.inMemory(), leases,
				CheckpointStore.inMemory(leases), DeadLetterStore.inMemory(), null, () -> {
				});
	}

}
