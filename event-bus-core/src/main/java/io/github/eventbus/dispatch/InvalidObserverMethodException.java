package io.github.eventbus.dispatch;

import io.github.eventbus.EventBusException;

/** Thrown at startup for an {@link io.github.eventbus.EventObserver} method the bus cannot call. */
public class InvalidObserverMethodException extends EventBusException {

	private final String beanName;

	private final String methodName;

	public InvalidObserverMethodException(String beanName, String methodName, String problem) {
		super("@EventObserver method '" + methodName + "' of bean '" + beanName + "' " + problem);
		this.beanName = beanName;
		this.methodName = methodName;
	}

	/** The bean declaring the method. */
	public String beanName() {
		return this.beanName;
	}

	/** The method's name. */
	public String methodName() {
		return this.methodName;
	}

}
