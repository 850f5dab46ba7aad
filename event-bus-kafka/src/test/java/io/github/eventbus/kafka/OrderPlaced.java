package io.github.eventbus.kafka;

import io.github.eventbus.EventType;

@EventType("order-placed")
public record OrderPlaced(String orderId, int sequence) {

}
