/**
 * Event stores that live in memory: a bounded one, and one that retains nothing.
 */
@NullMarked
package io.github.eventbus.store.memory;

import org.jspecify.annotations.NullMarked;
