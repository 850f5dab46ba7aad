/**
 * Checkpoints, leases and dead letters in database tables (H2, PostgreSQL), shared by every application
 * instance on the same database.
 */
@NullMarked
package io.github.eventbus.durable.jdbc;

import org.jspecify.annotations.NullMarked;
