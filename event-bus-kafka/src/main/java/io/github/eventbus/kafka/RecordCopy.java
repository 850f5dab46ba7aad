package io.github.eventbus.kafka;

import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The copy of a consumed record kept with its dead letter, so that a replay can deliver it without Kafka
 * (whose retention may have removed it) and without the producing application's store. JSON: topic,
 * partition, offset, timestamp, key, value and headers (values in Base64, as headers are bytes).
 */
record RecordCopy(String topic, int partition, long offset, long timestamp, @Nullable String key,
		@Nullable String value, Map<String, String> headers) {

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	static String of(ConsumerRecord<?, ?> record) {
		Map<String, String> headers = new LinkedHashMap<>();
		for (Header header : record.headers()) {
			if (header.value() != null) {
				headers.put(header.key(), Base64.getEncoder().encodeToString(header.value()));
			}
		}
		String key = (record.key() != null) ? String.valueOf(record.key()) : null;
		String value = (record.value() != null) ? String.valueOf(record.value()) : null;
		return MAPPER.writeValueAsString(new RecordCopy(record.topic(), record.partition(), record.offset(),
				record.timestamp(), key, value, headers));
	}

	static Optional<RecordCopy> parse(String json) {
		try {
			return Optional.of(MAPPER.readValue(json, RecordCopy.class));
		}
		catch (JacksonException ex) {
			return Optional.empty();
		}
	}

	/** {@code topic-partition}, as {@link KafkaObservers#assignedPartitions} names it. */
	String topicPartition() {
		return this.topic + "-" + this.partition;
	}

	ConsumerRecord<String, String> toRecord() {
		RecordHeaders recordHeaders = new RecordHeaders();
		this.headers.forEach((name, value) -> recordHeaders.add(name, Base64.getDecoder().decode(value)));
		return new ConsumerRecord<>(this.topic, this.partition, this.offset, this.timestamp, TimestampType.CREATE_TIME,
				-1, -1, this.key, this.value, recordHeaders, Optional.empty());
	}

}
