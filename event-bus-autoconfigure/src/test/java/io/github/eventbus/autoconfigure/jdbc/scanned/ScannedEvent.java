package io.github.eventbus.autoconfigure.jdbc.scanned;

import io.github.eventbus.EventType;

/** Found by the type package scan. */
@EventType("scanned-event")
public record ScannedEvent(String value) {
}
