/**
 * Dead letters: events an observer could not handle after its last attempt, the events of the same stream
 * parked behind them, and the {@link io.github.eventbus.deadletter.DeadLetters} API to list, replay and
 * discard them.
 */
@NullMarked
package io.github.eventbus.deadletter;

import org.jspecify.annotations.NullMarked;
