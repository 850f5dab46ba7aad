/**
 * Sagas: long-running processes that react to events, keep state between them and schedule deadlines.
 * Start with {@link io.github.eventbus.saga.Saga}.
 */
@NullMarked
package io.github.eventbus.saga;

import org.jspecify.annotations.NullMarked;
