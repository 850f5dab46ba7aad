package io.github.eventbus.test.app;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

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

	Warehouse(EventBus bus) {
		this.bus = bus;
	}

	@EventObserver(id = "warehouse", durable = true)
	void on(PaymentReceived paid) {
		this.shipped.add(paid.orderId());
		this.bus.publish(new ParcelShipped(paid.orderId()));
	}

	/** Whether an order was shipped. */
	public boolean hasShipped(String orderId) {
		return this.shipped.contains(orderId);
	}

}
