/**
 * The saga store in an H2 or PostgreSQL database.
 */
@NullMarked
package io.github.eventbus.saga.jdbc;

import org.jspecify.annotations.NullMarked;
