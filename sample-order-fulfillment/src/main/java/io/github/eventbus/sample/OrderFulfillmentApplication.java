package io.github.eventbus.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * An order-fulfilment web application on the event bus: placing an order starts a chain of events
 * (payment, shipment) handled by observers that log them.
 */
@SpringBootApplication
public class OrderFulfillmentApplication {

	public static void main(String[] args) {
		SpringApplication.run(OrderFulfillmentApplication.class, args);
	}

}
