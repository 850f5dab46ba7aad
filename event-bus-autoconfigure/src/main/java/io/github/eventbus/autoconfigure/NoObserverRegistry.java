package io.github.eventbus.autoconfigure;

import io.github.eventbus.EventBus;
import org.jspecify.annotations.Nullable;

/**
 * The startup failure of an application that has observers (or sagas) but no
 * {@link io.github.eventbus.dispatch.ObserverRegistry} to register them with: its own {@link EventBus}
 * bean made the auto-configured bus back off and is no registry itself.
 */
final class NoObserverRegistry {

	private NoObserverRegistry() {
	}

	/**
	 * The message.
	 * @param bus the application's bus, if any
	 * @param what what needs registering, for the message
	 * @return the message
	 */
	public static String message(@Nullable EventBus bus, String what) {
		String busDescription = (bus != null) ? "The EventBus bean (" + bus.getClass().getName() + ")"
				: "There is no EventBus bean, and so";
		return "Cannot register " + what + ": " + busDescription
				+ " is no io.github.eventbus.dispatch.ObserverRegistry, so nothing would ever call them. Return a "
				+ "DefaultEventBus (it is both) from your EventBus bean, declare the registry as a bean of its own, "
				+ "or remove your EventBus bean to get the auto-configured one";
	}

}
