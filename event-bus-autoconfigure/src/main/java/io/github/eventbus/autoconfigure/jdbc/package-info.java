/**
 * Auto-configuration of the JDBC event store.
 */
@NullMarked
package io.github.eventbus.autoconfigure.jdbc;

import org.jspecify.annotations.NullMarked;
