/**
 * Operations on the event bus: the {@code eventbus} actuator endpoint (observers, store, dead letters)
 * and the {@code eventbus} health indicator.
 */
@NullMarked
package io.github.eventbus.autoconfigure.actuate;

import org.jspecify.annotations.NullMarked;
