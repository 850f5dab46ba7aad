package io.github.eventbus.store.jdbc;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;

import io.github.eventbus.Event;
import io.github.eventbus.store.EventStore;

/**
 * A follower as users write one: {@code readAll(next, limit)} in a loop, {@code next} being the position of
 * the last event read plus one. Records what it reads and every broken promise: a position not above the
 * previous one, an event read twice, a stream version that is not the previous one plus one.
 */
final class LoopingFollower implements AutoCloseable {

	private final EventStore store;

	private final Thread thread;

	private final List<String> problems = new CopyOnWriteArrayList<>();

	private final Set<UUID> seen = java.util.concurrent.ConcurrentHashMap.newKeySet();

	private final List<Event<?>> read = new CopyOnWriteArrayList<>();

	private volatile boolean running = true;

	LoopingFollower(EventStore store, long from) {
		this.store = store;
		this.thread = new Thread(() -> follow(from), "looping-follower");
		this.thread.setDaemon(true);
		this.thread.start();
	}

	private void follow(long from) {
		long next = from;
		Map<String, Long> versions = new HashMap<>();
		Set<UUID> ids = new HashSet<>();
		while (this.running) {
			List<Event<?>> page;
			try {
				page = this.store.readAll(next, 500);
			}
			catch (RuntimeException ex) {
				this.problems.add("read failed: " + ex);
				return;
			}
			if (page.isEmpty()) {
				// A real follower waits for a notification; this one polls gently.
				LockSupport.parkNanos(2_000_000);
			}
			List<Event<?>> accepted = new ArrayList<>(page.size());
			for (Event<?> event : page) {
				if (event.position() < next) {
					this.problems.add("position " + event.position() + " read after " + (next - 1));
				}
				if (!ids.add(event.id())) {
					this.problems.add("read twice: " + event);
				}
				long previous = versions.getOrDefault(event.streamId(), 0L);
				if (event.version() != previous + 1) {
					this.problems.add("stream " + event.streamId() + " version " + event.version() + " after " + previous);
				}
				versions.put(event.streamId(), event.version());
				next = event.position() + 1;
				accepted.add(event);
			}
			this.read.addAll(accepted);
			accepted.forEach((event) -> this.seen.add(event.id()));
		}
	}

	/** Ids of the events read so far. */
	Set<UUID> seen() {
		return this.seen;
	}

	/** The events read so far, in the order read. */
	List<Event<?>> read() {
		return this.read;
	}

	List<String> problems() {
		return this.problems;
	}

	@Override
	public void close() throws InterruptedException {
		this.running = false;
		this.thread.join();
	}

}
