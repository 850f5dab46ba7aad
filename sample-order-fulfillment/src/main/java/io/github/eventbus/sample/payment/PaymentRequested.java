package io.github.eventbus.sample.payment;

import io.github.eventbus.EventType;

/** The payment provider was asked to charge an order. */
@EventType("payment-requested")
public record PaymentRequested(String orderId, long amountCents) {
}
