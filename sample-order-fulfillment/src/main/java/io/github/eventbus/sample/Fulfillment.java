package io.github.eventbus.sample;

import io.github.eventbus.EventBus;
import io.github.eventbus.EventObserver;
import io.github.eventbus.sample.OrderEvents.OrderPlaced;
import io.github.eventbus.sample.OrderEvents.OrderShipped;
import io.github.eventbus.sample.OrderEvents.PaymentReceived;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * Moves an order along: a placed order is charged, a paid order is shipped. Each step is an observer
 * that publishes the next event, which the bus handles without deadlock whatever the dispatch mode.
 */
@Component
class Fulfillment {

	private static final Logger logger = LoggerFactory.getLogger(Fulfillment.class);

	private final EventBus bus;

	Fulfillment(EventBus bus) {
		this.bus = bus;
	}

	@EventObserver
	void charge(OrderPlaced order) {
		logger.info("Charging {} for order {}", order.amount(), order.orderId());
		this.bus.publish(new PaymentReceived(order.orderId(), order.amount()));
	}

	@EventObserver
	void ship(PaymentReceived payment) {
		String trackingNumber = "TRK-" + payment.orderId().toUpperCase();
		logger.info("Shipping order {} as {}", payment.orderId(), trackingNumber);
		this.bus.publish(new OrderShipped(payment.orderId(), trackingNumber));
	}

}
