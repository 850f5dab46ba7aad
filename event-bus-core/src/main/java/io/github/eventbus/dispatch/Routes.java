package io.github.eventbus.dispatch;

import java.util.ArrayList;
import java.util.List;

import io.github.eventbus.DispatchMode;

/**
 * The routing table: for each payload class, the observers that accept it, split by dispatch mode.
 * Computed once per class (a {@link ClassValue}), so routing an event costs one lookup and no
 * allocation. Immutable: registering an observer builds a new table.
 */
final class Routes {

	static final Subscriber[] NONE = new Subscriber[0];

	private final List<Subscriber> subscribers;

	private final ClassValue<Route> table = new ClassValue<>() {
		@Override
		protected Route computeValue(Class<?> type) {
			return route(type);
		}
	};

	Routes(List<Subscriber> subscribers) {
		this.subscribers = List.copyOf(subscribers);
	}

	Routes with(Subscriber subscriber) {
		List<Subscriber> all = new ArrayList<>(this.subscribers);
		all.add(subscriber);
		return new Routes(all);
	}

	List<Subscriber> subscribers() {
		return this.subscribers;
	}

	Route forType(Class<?> payloadType) {
		return this.table.get(payloadType);
	}

	private Route route(Class<?> type) {
		List<Subscriber> sequential = new ArrayList<>();
		List<Subscriber> awaited = new ArrayList<>();
		List<Subscriber> fireAndForget = new ArrayList<>();
		for (Subscriber subscriber : this.subscribers) {
			if (subscriber.accepts(type)) {
				switch (subscriber.mode()) {
					case SEQUENTIAL -> sequential.add(subscriber);
					case CONCURRENT_AWAIT -> awaited.add(subscriber);
					case FIRE_AND_FORGET -> fireAndForget.add(subscriber);
				}
			}
		}
		List<Subscriber> mailboxes = new ArrayList<>(awaited);
		mailboxes.addAll(fireAndForget);
		return new Route(sequential.toArray(NONE), awaited.toArray(NONE), fireAndForget.toArray(NONE),
				mailboxes.toArray(NONE));
	}

	/**
	 * The observers of one payload class, by mode.
	 * @param mailboxes the awaited then the fire-and-forget ones: those that need room in a mailbox
	 */
	record Route(Subscriber[] sequential, Subscriber[] awaited, Subscriber[] fireAndForget, Subscriber[] mailboxes) {

		boolean isEmpty() {
			return this.sequential.length == 0 && this.awaited.length == 0 && this.fireAndForget.length == 0;
		}

	}

	static DispatchMode modeOf(ObserverDefinition definition, DispatchMode defaultMode) {
		return (definition.mode() != null) ? definition.mode() : defaultMode;
	}

}
