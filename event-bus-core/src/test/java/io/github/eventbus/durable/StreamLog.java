package io.github.eventbus.durable;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.eventbus.Event;

/**
 * What every instance of a segmented observer handled, shared by the instances of a test: notices an
 * event handled before an earlier event of its stream was ever handled (out of order), and two
 * instances (or threads) in one stream at once.
 */
final class StreamLog {

	record Handled(String instance, Event<?> event) {
	}

	final List<Handled> handled = new CopyOnWriteArrayList<>();

	final AtomicInteger outOfOrder = new AtomicInteger();

	final AtomicInteger overlaps = new AtomicInteger();

	private final Map<String, Set<Long>> versions = new ConcurrentHashMap<>();

	private final Map<String, AtomicInteger> active = new ConcurrentHashMap<>();

	volatile long workNanos;

	void handle(String instance, Event<?> event) {
		AtomicInteger running = this.active.computeIfAbsent(event.streamId(), (stream) -> new AtomicInteger());
		if (running.incrementAndGet() > 1) {
			this.overlaps.incrementAndGet();
		}
		try {
			Set<Long> seen = this.versions.computeIfAbsent(event.streamId(), (stream) -> new HashSet<>());
			synchronized (seen) {
				for (long version = 1; version < event.version(); version++) {
					if (!seen.contains(version)) {
						this.outOfOrder.incrementAndGet();
						break;
					}
				}
				seen.add(event.version());
			}
			if (this.workNanos > 0) {
				java.util.concurrent.locks.LockSupport.parkNanos(this.workNanos);
			}
			this.handled.add(new Handled(instance, event));
		}
		finally {
			running.decrementAndGet();
		}
	}

	Set<Long> positions() {
		Set<Long> positions = new HashSet<>();
		for (Handled entry : this.handled) {
			positions.add(entry.event().position());
		}
		return positions;
	}

	long handledBy(String instance) {
		return this.handled.stream().filter((entry) -> entry.instance().equals(instance)).count();
	}

}
