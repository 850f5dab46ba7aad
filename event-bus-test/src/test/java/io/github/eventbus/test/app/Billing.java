package io.github.eventbus.test.app;

import io.github.eventbus.EventBus;
import io.github.eventbus.EventObserver;
import io.github.eventbus.test.app.ShopEvents.InvoiceIssued;
import io.github.eventbus.test.app.ShopEvents.OrderPlaced;

import org.springframework.stereotype.Component;

/** An in-memory observer: invoices every order. */
@Component
public class Billing {

	private final EventBus bus;

	private volatile boolean broken;

	Billing(EventBus bus) {
		this.bus = bus;
	}

	@EventObserver
	void on(OrderPlaced placed) {
		if (!this.broken) {
			this.bus.publish(new InvoiceIssued(placed.orderId(), placed.amountCents()));
		}
	}

	/** Stops invoicing, so tests can show that a scenario fails when the chain breaks. */
	public void breakDown(boolean broken) {
		this.broken = broken;
	}

}
