package io.github.eventbus.durable;

import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.eventbus.lease.Lease;
import org.springframework.dao.DataAccessResourceFailureException;

/** A checkpoint store whose saves fail while {@link #failing} is set, as during a database outage. */
final class FlakyCheckpoints implements CheckpointStore {

	final AtomicBoolean failing = new AtomicBoolean();

	final AtomicInteger failedSaves = new AtomicInteger();

	private final CheckpointStore delegate;

	FlakyCheckpoints(CheckpointStore delegate) {
		this.delegate = delegate;
	}

	@Override
	public OptionalLong find(String name) {
		return this.delegate.find(name);
	}

	@Override
	public boolean save(String name, long position, Lease lease) {
		if (this.failing.get()) {
			this.failedSaves.incrementAndGet();
			throw new DataAccessResourceFailureException("database down");
		}
		return this.delegate.save(name, position, lease);
	}

}
