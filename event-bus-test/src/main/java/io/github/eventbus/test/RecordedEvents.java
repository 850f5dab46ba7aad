package io.github.eventbus.test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

import io.github.eventbus.Event;

/**
 * The events stored (and, inside a transaction, committed) by the event bus since the current test began, in
 * position order. Cleared before each test method; assert on it with
 * {@link EventBusAssertions#assertThat(RecordedEvents)}.
 * <p>
 * Thread-safe: events are recorded on the publishers' threads while a test reads them.
 */
public final class RecordedEvents {

	private final List<Event<?>> events = new ArrayList<>();

	/** Every recorded event in position order (the order the store holds them); a copy. */
	public synchronized List<Event<?>> all() {
		// Arrival order can differ from position order: a durable observer woken by one publisher's commit
		// may publish before that publisher's own thread reports its event.
		List<Event<?>> sorted = new ArrayList<>(this.events);
		sorted.sort(Comparator.comparingLong(Event::position));
		return sorted;
	}

	/**
	 * The payloads of one type (subtypes included), oldest first.
	 * @param <T> the payload type
	 * @param type the payload type
	 * @return the payloads
	 */
	public <T> List<T> ofType(Class<T> type) {
		return all().stream().map(Event::payload).filter(type::isInstance).map(type::cast).toList();
	}

	/**
	 * The recorded events of one stream, oldest first.
	 * @param streamId the stream id
	 * @return its events
	 */
	public List<Event<?>> ofStream(String streamId) {
		return all().stream().filter((event) -> event.streamId().equals(streamId)).toList();
	}

	/** How many events were recorded. */
	public synchronized int size() {
		return this.events.size();
	}

	/** Forgets every recorded event; done before each test method. */
	public synchronized void clear() {
		this.events.clear();
	}

	synchronized void record(List<Event<?>> appended) {
		this.events.addAll(appended);
		notifyAll();
	}

	/** The events recorded from {@code index} on. */
	synchronized List<Event<?>> since(int index) {
		return List.copyOf(this.events.subList(Math.min(index, this.events.size()), this.events.size()));
	}

	/**
	 * Waits for an event of a type, matching a predicate, recorded at or after {@code index}.
	 * @return the first such event, empty on timeout
	 */
	@SuppressWarnings("unchecked")
	<T> Optional<Event<T>> await(int index, Class<T> type, Predicate<? super T> matching, Duration timeout)
			throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		int next = index;
		synchronized (this) {
			while (true) {
				for (; next < this.events.size(); next++) {
					Event<?> event = this.events.get(next);
					if (type.isInstance(event.payload()) && matching.test(type.cast(event.payload()))) {
						return Optional.of((Event<T>) event);
					}
				}
				long left = deadline - System.nanoTime();
				if (left <= 0) {
					return Optional.empty();
				}
				// Woken by record(); the timeout only bounds the wait.
				wait(Math.max(1, left / 1_000_000));
			}
		}
	}

	/** One line per event, for failure messages. */
	static String describe(List<Event<?>> events) {
		if (events.isEmpty()) {
			return "  (none)";
		}
		StringBuilder text = new StringBuilder();
		for (Event<?> event : events) {
			text.append("  #").append(event.position()).append(' ').append(event.streamId()).append(" v")
				.append(event.version()).append(' ').append(event.type()).append(": ").append(event.payload())
				.append('\n');
		}
		return text.toString().stripTrailing();
	}

}
