package io.github.eventbus.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.github.eventbus.Event;
import io.github.eventbus.EventObserver;

import static org.awaitility.Awaitility.await;

/**
 * A reusable test observer: as a bean it observes every event ({@code Event<Object>}); other test
 * observers use an instance as a plain recorder through {@link #record(Object)}. Thread-safe.
 */
public class RecordingObserver {

	private final List<Object> payloads = new ArrayList<>();

	private final List<Event<?>> events = new ArrayList<>();

	private final List<String> threads = new ArrayList<>();

	@EventObserver
	public void on(Event<Object> event) {
		record(event);
	}

	/**
	 * Records what was received, and on which thread.
	 * @param received a payload or an {@link Event} envelope
	 */
	public synchronized void record(Object received) {
		if (received instanceof Event<?> event) {
			this.events.add(event);
			this.payloads.add(event.payload());
		}
		else {
			this.payloads.add(received);
		}
		this.threads.add(Thread.currentThread().getName());
	}

	public synchronized List<Object> payloads() {
		return List.copyOf(this.payloads);
	}

	public synchronized List<Event<?>> events() {
		return List.copyOf(this.events);
	}

	public synchronized Set<String> threadNames() {
		return new LinkedHashSet<>(this.threads);
	}

	public synchronized int count() {
		return this.payloads.size();
	}

	/** Waits (Awaitility, at most 10 s) until at least {@code expected} events were recorded. */
	public void awaitCount(int expected) {
		await().atMost(Duration.ofSeconds(10)).until(() -> count() >= expected);
	}

}
