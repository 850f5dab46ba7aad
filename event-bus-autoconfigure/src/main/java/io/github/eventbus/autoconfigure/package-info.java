/**
 * Spring Boot auto-configuration of the event bus: {@code eventbus.*} properties, the bus and its
 * executor, the in-memory stores, observer discovery and graceful shutdown.
 */
@NullMarked
package io.github.eventbus.autoconfigure;

import org.jspecify.annotations.NullMarked;
