package io.github.eventbus.autoconfigure.console;

/** Whether the console may replay and discard dead letters. */
@FunctionalInterface
interface ConsoleAccess {

	/** Whether write operations are allowed now. */
	boolean writable();

}
