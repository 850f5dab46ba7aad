/**
 * Durable observers: observers fed from the event store behind a checkpoint, with retries, sequenced
 * dead letters and one owner per observer across application instances. Entry point:
 * {@link io.github.eventbus.durable.DurableObservers}.
 */
@NullMarked
package io.github.eventbus.durable;

import org.jspecify.annotations.NullMarked;
