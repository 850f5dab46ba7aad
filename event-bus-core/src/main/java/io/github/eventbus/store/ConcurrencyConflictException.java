package io.github.eventbus.store;

import io.github.eventbus.EventBusException;

/** Thrown when an append expected a stream version other than the stream's current one. */
public class ConcurrencyConflictException extends EventBusException {

	private final String streamId;

	private final long expectedVersion;

	private final long actualVersion;

	public ConcurrencyConflictException(String streamId, long expectedVersion, long actualVersion) {
		super("Stream '" + streamId + "' is at version " + actualVersion + ", expected " + expectedVersion);
		this.streamId = streamId;
		this.expectedVersion = expectedVersion;
		this.actualVersion = actualVersion;
	}

	/** The stream appended to. */
	public String streamId() {
		return this.streamId;
	}

	/** The version the writer expected. */
	public long expectedVersion() {
		return this.expectedVersion;
	}

	/** The stream's version at the time of the append. */
	public long actualVersion() {
		return this.actualVersion;
	}

}
