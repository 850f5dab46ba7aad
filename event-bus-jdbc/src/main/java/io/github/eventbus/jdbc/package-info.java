/**
 * What every table set of the event bus shares: table prefixes, the platform of a database and the
 * schema scripts ({@link io.github.eventbus.jdbc.JdbcSchema}).
 */
@NullMarked
package io.github.eventbus.jdbc;

import org.jspecify.annotations.NullMarked;
