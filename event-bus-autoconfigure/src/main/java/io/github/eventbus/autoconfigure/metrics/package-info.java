/**
 * Auto-configuration of the event bus's Micrometer meters (see
 * {@link io.github.eventbus.metrics.EventBusMeters}).
 */
@NullMarked
package io.github.eventbus.autoconfigure.metrics;

import org.jspecify.annotations.NullMarked;
