package io.github.eventbus;

/**
 * When {@link EventBus#publish(Object)} returns relative to the observers that receive the event.
 * <p>
 * A mode never changes ordering: one observer always receives the events of one stream in the order
 * they were published, whatever the mode.
 */
public enum DispatchMode {

	/**
	 * Every observer runs on the publisher's thread, one after another; {@code publish} returns once all
	 * of them returned. A publish made from inside an observer is queued on the same thread and runs
	 * after the current observer returns, so no observer is ever re-entered.
	 */
	SEQUENTIAL,

	/**
	 * Observers run in parallel, each from its own mailbox on the bus executor; {@code publish} returns
	 * once every one of them finished. Failures are reported in the {@link PublishResult}, not thrown.
	 */
	CONCURRENT_AWAIT,

	/**
	 * {@code publish} returns once the event is accepted (stored, and queued in every observer's
	 * mailbox); observers run later on the bus executor.
	 */
	FIRE_AND_FORGET

}
