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

	/**
	 * New events may be readable now, and every event up to {@code committedUpTo} is committed: a follower
	 * that can, reads until it has seen them, since a store may make committed events readable a little
	 * later (PostgreSQL's log waits for older transactions). Same contract as {@link #wakeUp()}, which it
	 * calls by default.
	 * @param committedUpTo the position of the last event known to be committed
	 */
	default void wakeUp(long committedUpTo) {
		wakeUp();
	}

}
