package io.github.eventbus.durable;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

import io.github.eventbus.StartFrom;
import io.github.eventbus.retry.RetryPolicy;

/**
 * How durable observers run ({@code eventbus.observers.*} and {@code eventbus.retry.*}).
 *
 * @param pollInterval how often the store is read for events written by other instances
 * @param batchSize how many events one read returns at most
 * @param leaseDuration how long an instance owns an observer without renewing; an observer moves to
 * another instance at most this long after its owner dies
 * @param startFrom where an observer without a checkpoint starts
 * @param instanceId this instance's id, recorded as lease owner
 * @param retry the retry policy of observers without {@link io.github.eventbus.Retry}
 * @param maxHeldEvents how many events an observer holds in memory behind retrying ones before it stops
 * reading ahead
 * @param shutdownTimeout how long stopping waits for observers to finish their current event
 * @param segments how many segments an observer without {@link io.github.eventbus.EventObserver#segments()} is
 * split into, so that instances share it ({@link Segments}); 1 runs it on one instance at a time
 */
public record DurableSettings(Duration pollInterval, int batchSize, Duration leaseDuration, StartFrom startFrom,
		String instanceId, RetryPolicy retry, int maxHeldEvents, Duration shutdownTimeout, int segments) {

	public DurableSettings {
		Objects.requireNonNull(pollInterval, "pollInterval");
		Objects.requireNonNull(leaseDuration, "leaseDuration");
		Objects.requireNonNull(startFrom, "startFrom");
		Objects.requireNonNull(instanceId, "instanceId");
		Objects.requireNonNull(retry, "retry");
		Objects.requireNonNull(shutdownTimeout, "shutdownTimeout");
		if (pollInterval.toMillis() < 1 || leaseDuration.toMillis() < 30) {
			throw new IllegalArgumentException("pollInterval must be at least 1 ms and leaseDuration at least 30 ms");
		}
		if (batchSize < 1 || maxHeldEvents < 1 || segments < 1) {
			throw new IllegalArgumentException("batchSize, maxHeldEvents and segments must be positive");
		}
	}

	/** 200 ms polls, batches of 100, 10 s leases, from the beginning, default retries, one segment. */
	public static DurableSettings defaults() {
		return new DurableSettings(Duration.ofMillis(200), 100, Duration.ofSeconds(10), StartFrom.BEGINNING,
				defaultInstanceId(), RetryPolicy.DEFAULT, 10_000, Duration.ofSeconds(30), 1);
	}

	/** {@code hostname-pid-random}: unique per process, readable in the lease table. */
	public static String defaultInstanceId() {
		String host;
		try {
			host = InetAddress.getLocalHost().getHostName();
		}
		catch (UnknownHostException ex) {
			host = "unknown";
		}
		return host + "-" + ProcessHandle.current().pid() + "-"
				+ Integer.toHexString(ThreadLocalRandom.current().nextInt(0x10000, 0xFFFFF));
	}

	public DurableSettings withPollInterval(Duration pollInterval) {
		return new DurableSettings(pollInterval, this.batchSize, this.leaseDuration, this.startFrom, this.instanceId,
				this.retry, this.maxHeldEvents, this.shutdownTimeout, this.segments);
	}

	public DurableSettings withBatchSize(int batchSize) {
		return new DurableSettings(this.pollInterval, batchSize, this.leaseDuration, this.startFrom, this.instanceId,
				this.retry, this.maxHeldEvents, this.shutdownTimeout, this.segments);
	}

	public DurableSettings withLeaseDuration(Duration leaseDuration) {
		return new DurableSettings(this.pollInterval, this.batchSize, leaseDuration, this.startFrom, this.instanceId,
				this.retry, this.maxHeldEvents, this.shutdownTimeout, this.segments);
	}

	public DurableSettings withStartFrom(StartFrom startFrom) {
		return new DurableSettings(this.pollInterval, this.batchSize, this.leaseDuration, startFrom, this.instanceId,
				this.retry, this.maxHeldEvents, this.shutdownTimeout, this.segments);
	}

	public DurableSettings withInstanceId(String instanceId) {
		return new DurableSettings(this.pollInterval, this.batchSize, this.leaseDuration, this.startFrom, instanceId,
				this.retry, this.maxHeldEvents, this.shutdownTimeout, this.segments);
	}

	public DurableSettings withRetry(RetryPolicy retry) {
		return new DurableSettings(this.pollInterval, this.batchSize, this.leaseDuration, this.startFrom,
				this.instanceId, retry, this.maxHeldEvents, this.shutdownTimeout, this.segments);
	}

	public DurableSettings withSegments(int segments) {
		return new DurableSettings(this.pollInterval, this.batchSize, this.leaseDuration, this.startFrom,
				this.instanceId, this.retry, this.maxHeldEvents, this.shutdownTimeout, segments);
	}

	public DurableSettings withShutdownTimeout(Duration shutdownTimeout) {
		return new DurableSettings(this.pollInterval, this.batchSize, this.leaseDuration, this.startFrom,
				this.instanceId, this.retry, this.maxHeldEvents, shutdownTimeout, this.segments);
	}

}
