/**
 * Correlation for the event bus: event ids in the logging MDC while an observer runs, and Micrometer
 * observations around publish and handle.
 */
@NullMarked
package io.github.eventbus.autoconfigure.observation;

import org.jspecify.annotations.NullMarked;
