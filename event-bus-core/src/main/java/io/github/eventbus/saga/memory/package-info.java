/**
 * The saga store in memory, for tests and applications without a database.
 */
@NullMarked
package io.github.eventbus.saga.memory;

import org.jspecify.annotations.NullMarked;
