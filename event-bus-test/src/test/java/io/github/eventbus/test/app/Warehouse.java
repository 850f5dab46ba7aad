package io.github.eventbus.test.app;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;

import io.github.eventbus.EventBus;
import io.github.eventbus.EventObserver;
import io.github.eventbus.test.app.ShopEvents.ParcelShipped;
import io.github.eventbus.test.app.ShopEvents.PaymentReceived;

import org.springframework.stereotype.Component;

/** A durable observer: ships paid orders and remembers them. */
@Component
public class Warehouse {

	private final EventBus bus;

	private final Set<String> shipped = ConcurrentHashMap.newKeySet();

	private volatile CountDownLatch gate = new CountDownLatch(0);

	Warehouse(EventBus bus) {
		this.bus = bus;
	}

	@EventObserver(id = "warehouse", durable = true)
	void on(PaymentReceived paid) throws InterruptedException {
		this.gate.await();
		this.shipped.add(paid.orderId());
		this.bus.publish(new ParcelShipped(paid.orderId()));
	}

	/**
	 * Holds every shipment until the returned latch is counted down, for tests of what a test leaves running.
	 * @return the latch that lets shipments go
	 */
	public CountDownLatch holdShipments() {
		CountDownLatch held = new CountDownLatch(1);
		this.gate = held;
		return held;
	}

	/** Whether an order was shipped. */
	public boolean hasShipped(String orderId) {
		return this.shipped.contains(orderId);
	}

}
