package io.github.eventbus.test.app;

import io.github.eventbus.StreamId;

/** The events of the shop. */
public final class ShopEvents {

	private ShopEvents() {
	}

	/** A customer placed an order. */
	public record OrderPlaced(@StreamId String orderId, long amountCents) {
	}

	/** Billing invoiced an order. */
	public record InvoiceIssued(@StreamId String orderId, long amountCents) {
	}

	/** The customer paid. */
	public record PaymentReceived(@StreamId String orderId) {
	}

	/** The warehouse shipped the order. */
	public record ParcelShipped(@StreamId String orderId) {
	}

	/** Nobody paid in time. */
	public record OrderExpired(@StreamId String orderId) {
	}

}
