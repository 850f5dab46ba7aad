package io.github.eventbus.sample.inventory;

import java.util.List;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /inventory}: stock per SKU. */
@RestController
class InventoryController {

	private final Inventory inventory;

	InventoryController(Inventory inventory) {
		this.inventory = inventory;
	}

	@GetMapping("/inventory")
	List<Inventory.Stock> stock() {
		return this.inventory.stock();
	}

}
