package io.github.eventbus.dispatch;

import java.util.List;

/**
 * Where observers are registered: the registration side of a dispatcher, apart from the
 * {@link io.github.eventbus.EventBus} a publisher sees. {@link DefaultEventBus} is one; the
 * auto-configuration registers every discovered {@link io.github.eventbus.EventObserver} method and every
 * saga with the application's registry, whichever bean provides it.
 * <p>
 * Components that feed some observers by other means than in-memory mailboxes (durable observers, Kafka
 * consumers) plug in as {@link DispatchExtension}s: each registered observer is offered to the extensions
 * first, in the order they were added, and gets a mailbox only if none takes it.
 * <p>
 * Implementations are thread-safe.
 */
public interface ObserverRegistry {

	/**
	 * Registers an observer.
	 * @param definition the observer
	 * @throws IllegalStateException if an observer with the same id is registered already
	 */
	void register(ObserverDefinition definition);

	/**
	 * Adds an extension; observers registered afterwards are offered to it, and it is told about every
	 * event stored from then on.
	 * @param extension the extension
	 */
	void addExtension(DispatchExtension extension);

	/**
	 * What every observer with a mailbox looks like right now, for operations; observers taken by an
	 * extension are not listed.
	 * @return a snapshot per observer
	 */
	List<ObserverSnapshot> observers();

	/**
	 * Whether the observers registered here still get new events; {@code false} once the dispatcher
	 * shuts down.
	 * @return {@code true} by default
	 */
	default boolean isAccepting() {
		return true;
	}

}
