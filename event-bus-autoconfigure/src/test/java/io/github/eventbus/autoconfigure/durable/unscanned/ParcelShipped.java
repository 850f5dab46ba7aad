package io.github.eventbus.autoconfigure.durable.unscanned;

import io.github.eventbus.EventType;

/** A payload in no {@code eventbus.store.jdbc.type-packages}: only its observers make it readable. */
@EventType("parcel-shipped")
public record ParcelShipped(String parcelId) {
}
