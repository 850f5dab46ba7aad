package io.github.eventbus.store;

/**
 * Something that reads the {@link EventStore} behind a high-water mark of its own: durable observers and
 * sagas, a transport relay. Events appended in this process reach followers through
 * {@link io.github.eventbus.dispatch.DispatchExtension#appended}; a store that can learn about events
 * appended elsewhere (another instance, a visibility barrier that moved) calls {@link #wakeUp()} on every
 * follower, so that they read at once instead of at their next poll.
 */
@FunctionalInterface
public interface EventStoreFollower {

	/**
	 * New events may be readable now. Cheap and thread-safe: callable from any thread, any number of times;
	 * the follower coalesces wake-ups into reads and never handles events on the caller's thread.
	 */
	void wakeUp();

}
