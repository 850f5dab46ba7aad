package io.github.eventbus;

/**
 * Receives every observer failure: each failed attempt, with the observer id, the event, the exception
 * and the attempt number. Declare a bean of this type to replace the default, which logs.
 * <p>
 * Called on the thread that ran the observer; implementations must be thread-safe and should not
 * block. An exception thrown here is logged and otherwise ignored.
 */
@FunctionalInterface
public interface ObserverErrorHandler {

	/**
	 * Handles one failed attempt.
	 * @param failure what failed, where and on which attempt
	 */
	void handle(ObserverFailure failure);

}
