package io.github.eventbus.sample.order;

/** Where an order stands. */
public enum OrderStatus {

	PLACED, AWAITING_PAYMENT, PAID, COMPLETED, CANCELLED;

	/** Whether the order is settled: nothing more will happen to it. */
	public boolean isTerminal() {
		return this == COMPLETED || this == CANCELLED;
	}

}
