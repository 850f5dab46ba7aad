package io.github.eventbus.sample.payment;

import io.github.eventbus.EventType;

/** The payment provider declined the card. */
@EventType("payment-declined")
public record PaymentDeclined(String orderId, String reason) {
}
