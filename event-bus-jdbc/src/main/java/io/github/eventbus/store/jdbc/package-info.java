/**
 * The JDBC event store for H2 and PostgreSQL: {@link io.github.eventbus.store.jdbc.JdbcEventStore}, with
 * group commit, gap-free global positions and an allow-listed JSON serialization of payloads.
 */
@NullMarked
package io.github.eventbus.store.jdbc;

import org.jspecify.annotations.NullMarked;
