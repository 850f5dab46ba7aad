package io.github.eventbus.sample.shipping;

import java.util.concurrent.ThreadLocalRandom;

import io.github.eventbus.EventBus;

import org.springframework.stereotype.Service;

/** The shipping domain: hands an order to the carrier and publishes {@link OrderShipped}. */
@Service
public class Shipping {

	private final EventBus bus;

	Shipping(EventBus bus) {
		this.bus = bus;
	}

	public void ship(String orderId) {
		String tracking = "TRK" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40, 1L << 41), 36);
		this.bus.publish(orderId, new OrderShipped(orderId, tracking));
	}

}
