package io.github.eventbus.sample;

import java.math.BigDecimal;

import io.github.eventbus.EventBus;
import io.github.eventbus.sample.OrderEvents.OrderPlaced;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/** Places a few orders at startup ({@code sample.demo-orders}, 0 for none) so that events flow at once. */
@Component
class DemoOrders implements ApplicationRunner {

	private static final Logger logger = LoggerFactory.getLogger(DemoOrders.class);

	private final EventBus bus;

	private final int count;

	DemoOrders(EventBus bus, @Value("${sample.demo-orders:3}") int count) {
		this.bus = bus;
		this.count = count;
	}

	@Override
	public void run(ApplicationArguments args) {
		for (int i = 1; i <= this.count; i++) {
			this.bus.publish(new OrderPlaced("demo-" + i, "customer-" + i, BigDecimal.valueOf(10L * i)));
		}
		if (this.count > 0) {
			logger.info("Placed {} demo order(s); POST /orders to place more", this.count);
		}
	}

}
