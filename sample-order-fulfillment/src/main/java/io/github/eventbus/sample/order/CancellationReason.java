package io.github.eventbus.sample.order;

/** Why an order was cancelled. */
public enum CancellationReason {

	/** Not enough stock for the order. */
	OUT_OF_STOCK,

	/** The payment provider declined the card. */
	PAYMENT_DECLINED,

	/** The payment provider did not answer within {@code fulfillment.payment-timeout}. */
	PAYMENT_TIMEOUT

}
