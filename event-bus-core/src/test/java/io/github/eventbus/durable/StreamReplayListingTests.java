package io.github.eventbus.durable;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.eventbus.deadletter.DeadLetterStore;
import io.github.eventbus.durable.Events.OrderPlaced;
import io.github.eventbus.lease.LeaseStore;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The durable observer tests over in-memory stores whose dead-letter store counts how often a stream's entries
 * are listed: replaying a plain observer's stream lists it once, not once per event (a replay of 301 entries
 * listed the stream 302 times, 301 queries of up to 301 rows on a database).
 */
class StreamReplayListingTests extends AbstractDurableObserversTests {

	private final AtomicInteger streamListings = new AtomicInteger();

	@Override
	Stores newStores() {
		LeaseStore leases = LeaseStore.inMemory();
		DeadLetterStore store = DeadLetterStore.inMemory();
		DeadLetterStore counting = (DeadLetterStore) Proxy.newProxyInstance(getClass().getClassLoader(),
				new Class<?>[] { DeadLetterStore.class }, (proxy, method, args) -> {
					if (method.getName().equals("listStream")) {
						this.streamListings.incrementAndGet();
					}
					try {
						return method.invoke(store, args);
					}
					catch (InvocationTargetException ex) {
						throw ex.getCause();
					}
				});
		return new Stores(leases, CheckpointStore.inMemory(leases), counting);
	}

	@Test
	void replayingAPlainObserversStreamListsItOnce() {
		// given: the first event failed for good, the 300 after it parked behind it
		RecordingObserver orders = new RecordingObserver("once-orders");
		orders.failWhen = (event) -> ((OrderPlaced) event.payload()).number() == 0;
		Instance instance = start("a", new Observers.OnceOrders(orders));
		int parked = 300;
		for (int i = 0; i <= parked; i++) {
			instance.bus().publish("order-1", new OrderPlaced("order-1", i));
		}
		await().atMost(WAIT)
			.until(() -> instance.durable().deadLetters().list("once-orders", 0, 1000).size() == parked + 1);
		orders.failWhen = (event) -> false;
		int before = this.streamListings.get();
		// when
		instance.durable().deadLetters().replayStream("once-orders", "order-1");
		// then
		await().atMost(WAIT).until(() -> orders.handled.size() == parked + 1);
		assertThat(this.streamListings.get() - before).as("listings of the stream for one replay").isLessThanOrEqualTo(2);
	}

}
