package io.github.eventbus.durable;

import java.time.Duration;
import java.util.HashSet;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.eventbus.dispatch.DefaultEventBus;
import io.github.eventbus.dispatch.DispatchSettings;
import io.github.eventbus.dispatch.ObserverMethods;
import io.github.eventbus.durable.Events.OrderPlaced;
import io.github.eventbus.lease.Lease;
import io.github.eventbus.lease.LeaseStore;
import io.github.eventbus.store.EventStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A database that fails for a while must cost redeliveries, never events. */
class DurableObserversOutageTests {

	private final EventStore store = EventStore.inMemory(10_000);

	private final LeaseStore leases = LeaseStore.inMemory();

	private final AtomicInteger failuresLeft = new AtomicInteger();

	private final CheckpointStore checkpoints = new CheckpointStore() {

		private final CheckpointStore delegate = CheckpointStore.inMemory(DurableObserversOutageTests.this.leases);

		@Override
		public OptionalLong find(String name) {
			return this.delegate.find(name);
		}

		@Override
		public boolean save(String name, long position, Lease lease) {
			if (DurableObserversOutageTests.this.failuresLeft.getAndUpdate((left) -> Math.max(0, left - 1)) > 0) {
				throw new DataAccessResourceFailureException("database down");
			}
			return this.delegate.save(name, position, lease);
		}

	};

	private final DurableObservers testSubject = DurableObservers.builder(this.store)
		.leases(this.leases)
		.checkpoints(this.checkpoints)
		.settings(DurableSettings.defaults().withPollInterval(Duration.ofMillis(20)).withBatchSize(10))
		.build();

	@AfterEach
	void stop() {
		this.testSubject.stop();
	}

	@Test
	void redeliversFromTheCheckpointWhileTheDatabaseFailsAndLosesNothing() {
		// given
		RecordingObserver orders = new RecordingObserver("orders");
		DefaultEventBus bus = new DefaultEventBus(this.store, Executors.newSingleThreadExecutor(),
				DispatchSettings.defaults(), (failure) -> {
				});
		bus.addExtension(this.testSubject);
		ObserverMethods.discover("orders", new Observers.Orders(orders)).forEach(bus::register);
		this.testSubject.start();
		bus.publish("order-1", new OrderPlaced("order-1", 0));
		await().atMost(Duration.ofSeconds(10)).until(() -> orders.handled.size() == 1);
		// when
		this.failuresLeft.set(5);
		for (int i = 1; i <= 50; i++) {
			bus.publish("order-" + (i % 3), new OrderPlaced("order-" + (i % 3), i));
		}
		// then
		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.testSubject.status("orders").orElseThrow().checkpoint() == 51);
		assertThat(this.failuresLeft).hasValue(0);
		Set<Long> handled = new HashSet<>(AbstractDurableObserversTests.positions(orders.handled));
		assertThat(handled).hasSize(51);
		assertThat(orders.handled).hasSizeGreaterThan(51);
	}

}
