package io.github.eventbus.sample.payment;

import io.github.eventbus.EventType;

/** The payment provider charged the card. */
@EventType("payment-charged")
public record PaymentCharged(String orderId, String paymentId) {
}
