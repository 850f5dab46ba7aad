package io.github.eventbus;

/**
 * Where a durable observer that has no checkpoint yet starts reading the event store.
 */
public enum StartFrom {

	/** From the first retained event: a new observer catches up on history. */
	BEGINNING,

	/** From the events stored after it first runs: history is skipped. */
	NOW

}
