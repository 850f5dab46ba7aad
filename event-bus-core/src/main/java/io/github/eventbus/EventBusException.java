package io.github.eventbus;

import org.jspecify.annotations.Nullable;

/** Base class of the exceptions this library throws. */
public class EventBusException extends RuntimeException {

	public EventBusException(String message) {
		super(message);
	}

	public EventBusException(String message, @Nullable Throwable cause) {
		super(message, cause);
	}

}
