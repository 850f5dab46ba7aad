package io.github.eventbus.sample;

import java.util.List;
import java.util.Map;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;

/** The sample's REST API, as a test calls it over HTTP. */
final class FulfillmentClient {

	private static final ParameterizedTypeReference<Map<String, Object>> OBJECT = new ParameterizedTypeReference<>() {
	};

	private static final ParameterizedTypeReference<List<Map<String, Object>>> LIST = new ParameterizedTypeReference<>() {
	};

	private final RestClient http;

	FulfillmentClient(int port) {
		this.http = RestClient.builder().baseUrl("http://127.0.0.1:" + port).build();
	}

	/** Places an order; returns its id. */
	String place(String sku, int quantity, String card) {
		Map<String, Object> order = this.http.post()
			.uri("/orders")
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("sku", sku, "quantity", quantity, "card", card))
			.retrieve()
			.body(OBJECT);
		return (String) order.get("id");
	}

	Map<String, Object> order(String id) {
		return this.http.get().uri("/orders/{id}", id).retrieve().body(OBJECT);
	}

	String status(String id) {
		return (String) order(id).get("status");
	}

	@SuppressWarnings("unchecked")
	List<String> history(String id) {
		return ((List<Map<String, Object>>) order(id).get("history")).stream()
			.map((entry) -> (String) entry.get("type"))
			.toList();
	}

	/** Stock of one SKU: initial, available, reserved, sold. */
	Map<String, Object> stock(String sku) {
		return inventory().stream().filter((stock) -> sku.equals(stock.get("sku"))).findFirst().orElseThrow();
	}

	List<Map<String, Object>> inventory() {
		return this.http.get().uri("/inventory").retrieve().body(LIST);
	}

}
