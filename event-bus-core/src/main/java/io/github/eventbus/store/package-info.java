/**
 * The event store: append-only streams with optimistic concurrency and a global position.
 */
@NullMarked
package io.github.eventbus.store;

import org.jspecify.annotations.NullMarked;
