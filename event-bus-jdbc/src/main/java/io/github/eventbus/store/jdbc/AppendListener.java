package io.github.eventbus.store.jdbc;

/**
 * Told about every append of a {@link JdbcEventStore}, for metrics. Called synchronously, so it must be
 * quick and must not throw; exceptions are ignored.
 */
public interface AppendListener {

	/**
	 * One append call finished, on the caller's thread: group commit wait and commit included.
	 * @param events how many events the call appended (1 for the single-event path)
	 * @param nanos how long the call took
	 * @param succeeded whether it stored its events
	 */
	default void appended(int events, long nanos, boolean succeeded) {
	}

	/**
	 * The group commit writer wrote one transaction, on the writer thread.
	 * @param requests how many append calls it carried
	 * @param events how many events it carried
	 * @param nanos how long the transaction took, commit included
	 */
	default void batchWritten(int requests, int events, long nanos) {
	}

}
