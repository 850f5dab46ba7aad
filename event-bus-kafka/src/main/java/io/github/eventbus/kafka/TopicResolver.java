package io.github.eventbus.kafka;

import java.util.Objects;

/**
 * Chooses the Kafka topic an event is sent to. Every event of one stream must go to one topic, since
 * ordering holds only within a partition; the record key is always the stream id.
 * <p>
 * The default, {@link #byCategory(String)} with {@code "{category}-events"}, sends stream
 * {@code order-42} (or {@code order:42}) to topic {@code order-events}. Declare a bean of this type to
 * choose otherwise. Implementations must be thread-safe and quick: the relay calls them once per event.
 */
@FunctionalInterface
public interface TopicResolver {

	/** The placeholder replaced by the stream category in {@link #byCategory(String)} patterns. */
	String CATEGORY = "{category}";

	/**
	 * The topic of one event.
	 * @param streamId the event's stream id
	 * @param eventType the event's stable type name
	 * @return a valid Kafka topic name
	 */
	String topicOf(String streamId, String eventType);

	/**
	 * Topics named after the stream category.
	 * @param pattern a topic name containing {@value #CATEGORY}, for example {@code "{category}-events"}
	 * @return a resolver
	 */
	static TopicResolver byCategory(String pattern) {
		Objects.requireNonNull(pattern, "pattern");
		if (!pattern.contains(CATEGORY)) {
			throw new IllegalArgumentException("Topic pattern '" + pattern + "' must contain " + CATEGORY);
		}
		return (streamId, eventType) -> pattern.replace(CATEGORY, category(streamId));
	}

	/**
	 * The category of a stream: its id up to the first {@code '-'} or {@code ':'}, or the whole id when it
	 * has neither. Characters Kafka does not allow in topic names become {@code '_'}.
	 * @param streamId a stream id
	 * @return the category, never empty
	 */
	static String category(String streamId) {
		int end = streamId.length();
		for (int i = 0; i < streamId.length(); i++) {
			char c = streamId.charAt(i);
			if (c == '-' || c == ':') {
				end = i;
				break;
			}
		}
		if (end == 0) {
			return "_";
		}
		StringBuilder category = new StringBuilder(end);
		for (int i = 0; i < end; i++) {
			char c = streamId.charAt(i);
			boolean legal = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.'
					|| c == '_';
			category.append(legal ? c : '_');
		}
		return category.toString();
	}

}
