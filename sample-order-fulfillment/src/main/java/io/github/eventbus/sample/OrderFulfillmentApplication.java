package io.github.eventbus.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * An order-fulfilment web application: orders, inventory, payment and shipping publish events, and the
 * {@link io.github.eventbus.sample.saga.OrderFulfillmentSaga} coordinates them.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class OrderFulfillmentApplication {

	public static void main(String[] args) {
		ConfigurableApplicationContext context = SpringApplication.run(OrderFulfillmentApplication.class, args);
		// Demo mode has run once the application has started: exit with its status (0: every order settled).
		if (context.getEnvironment().containsProperty("demo.orders")) {
			System.exit(SpringApplication.exit(context));
		}
	}

}
