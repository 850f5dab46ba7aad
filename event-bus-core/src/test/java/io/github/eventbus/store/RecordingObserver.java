package io.github.eventbus.store;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.eventbus.Event;
import io.github.eventbus.EventObserver;
import io.github.eventbus.store.TestEvents.Deposited;

/** An observer bean that records the events it receives. */
public class RecordingObserver {

	private final List<Event<Deposited>> received = new CopyOnWriteArrayList<>();

	@EventObserver
	void on(Event<Deposited> event) {
		this.received.add(event);
	}

	/** The events received so far. */
	public List<Event<Deposited>> received() {
		return this.received;
	}

}
