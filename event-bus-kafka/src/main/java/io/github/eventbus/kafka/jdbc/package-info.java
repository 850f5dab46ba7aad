/**
 * The processed-events table of Kafka observers in H2 or PostgreSQL.
 */
@NullMarked
package io.github.eventbus.kafka.jdbc;

import org.jspecify.annotations.NullMarked;
