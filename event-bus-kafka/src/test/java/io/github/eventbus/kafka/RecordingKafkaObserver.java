package io.github.eventbus.kafka;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.eventbus.Event;
import io.github.eventbus.EventObserver;

/** Records what a Kafka observer receives: per stream, the versions in arrival order; per event id, how often. */
public class RecordingKafkaObserver {

	static final String ID = "orders-projection";

	final Map<String, List<Long>> versionsByStream = new ConcurrentHashMap<>();

	final Map<UUID, Integer> timesById = new ConcurrentHashMap<>();

	@EventObserver(id = ID, source = "kafka")
	void on(Event<OrderPlaced> event) {
		this.versionsByStream.computeIfAbsent(event.streamId(), (id) -> new CopyOnWriteArrayList<>())
			.add(event.version());
		this.timesById.merge(event.id(), 1, Integer::sum);
	}

	int handled() {
		return this.timesById.values().stream().mapToInt(Integer::intValue).sum();
	}

}
