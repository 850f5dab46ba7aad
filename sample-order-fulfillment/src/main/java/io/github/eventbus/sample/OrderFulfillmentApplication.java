package io.github.eventbus.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * An order-fulfilment web application: orders, inventory, payment and shipping publish events, and the
 * {@link io.github.eventbus.sample.saga.OrderFulfillmentSaga} coordinates them.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class OrderFulfillmentApplication {

	public static void main(String[] args) {
		SpringApplication.run(OrderFulfillmentApplication.class, args);
	}

}
