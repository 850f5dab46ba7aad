package io.github.eventbus.durable;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import io.github.eventbus.Event;

/**
 * Records what a durable observer receives; fails on the events a predicate picks, and notices two
 * threads handling one event at once.
 */
class RecordingObserver {

	record Attempt(Event<?> event, long atMillis, boolean failed) {
	}

	final String name;

	final List<Event<?>> handled = new CopyOnWriteArrayList<>();

	final List<Attempt> attempts = new CopyOnWriteArrayList<>();

	volatile Predicate<Event<?>> failWhen = (event) -> false;

	/** Runs first in every attempt (after the overlap check), for tests that hold an attempt up. */
	volatile java.util.function.Consumer<Event<?>> beforeHandle = (event) -> {
	};

	/** Simulated work per event, so that a test can stop an instance in the middle of a run. */
	volatile long workNanos;

	final Map<Long, AtomicInteger> inFlight;

	final AtomicInteger overlaps;

	final AtomicInteger active = new AtomicInteger();

	final AtomicInteger maxActive = new AtomicInteger();

	RecordingObserver(String name) {
		this(name, new ConcurrentHashMap<>(), new AtomicInteger());
	}

	RecordingObserver(String name, Map<Long, AtomicInteger> inFlight, AtomicInteger overlaps) {
		this.name = name;
		this.inFlight = inFlight;
		this.overlaps = overlaps;
	}

	void handle(Event<?> event) {
		AtomicInteger running = this.inFlight.computeIfAbsent(event.position(), (position) -> new AtomicInteger());
		if (running.incrementAndGet() > 1) {
			this.overlaps.incrementAndGet();
		}
		this.maxActive.accumulateAndGet(this.active.incrementAndGet(), Math::max);
		try {
			this.beforeHandle.accept(event);
			if (this.workNanos > 0) {
				java.util.concurrent.locks.LockSupport.parkNanos(this.workNanos);
			}
			boolean fail = this.failWhen.test(event);
			this.attempts.add(new Attempt(event, System.currentTimeMillis(), fail));
			if (fail) {
				throw new IllegalStateException("Refusing " + event);
			}
			this.handled.add(event);
		}
		finally {
			this.active.decrementAndGet();
			running.decrementAndGet();
		}
	}

	List<Object> payloads() {
		return this.handled.stream().map(Event::payload).map(Object.class::cast).toList();
	}

	List<Long> attemptTimes(Event<?> event) {
		return this.attempts.stream().filter((attempt) -> attempt.event().equals(event)).map(Attempt::atMillis).toList();
	}

}
