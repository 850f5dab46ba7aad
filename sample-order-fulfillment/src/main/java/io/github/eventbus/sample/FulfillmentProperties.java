package io.github.eventbus.sample;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the sample ({@code fulfillment.*}).
 */
@ConfigurationProperties("fulfillment")
public class FulfillmentProperties {

	/** How long the saga waits for the payment provider before it cancels the order. */
	private Duration paymentTimeout = Duration.ofSeconds(5);

	/** Initial stock per SKU, loaded at startup into an empty inventory. */
	private Map<String, Integer> stock = new LinkedHashMap<>(Map.of("BOOK", 1000, "MUG", 300, "LAMP", 40));

	public Duration getPaymentTimeout() {
		return this.paymentTimeout;
	}

	public void setPaymentTimeout(Duration paymentTimeout) {
		this.paymentTimeout = paymentTimeout;
	}

	public Map<String, Integer> getStock() {
		return this.stock;
	}

	public void setStock(Map<String, Integer> stock) {
		this.stock = stock;
	}

}
