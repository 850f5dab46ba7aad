/**
 * Auto-configuration of the Kafka transport, active with {@code eventbus.kafka.enabled=true}.
 */
@NullMarked
package io.github.eventbus.kafka.autoconfigure;

import org.jspecify.annotations.NullMarked;
