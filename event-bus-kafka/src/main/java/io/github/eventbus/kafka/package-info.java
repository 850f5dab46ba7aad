/**
 * The Kafka transport: {@link io.github.eventbus.kafka.KafkaOutboxRelay} sends what the event store holds
 * to Kafka topics, {@link io.github.eventbus.kafka.KafkaObservers} feeds
 * {@code @EventObserver(source = "kafka")} methods from consumer groups, deduplicated by event id.
 */
@NullMarked
package io.github.eventbus.kafka;

import org.jspecify.annotations.NullMarked;
