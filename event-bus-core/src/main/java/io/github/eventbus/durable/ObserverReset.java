package io.github.eventbus.durable;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import io.github.eventbus.Event;
import io.github.eventbus.deadletter.DeadLetterStore;
import io.github.eventbus.lease.Lease;
import io.github.eventbus.lease.LeaseStore;
import io.github.eventbus.store.EventStore;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Moves every segment checkpoint of one observer, on whichever instances it runs: takes the observer's
 * reset lease, which makes every instance hand its segments over and stop competing for them; waits until
 * no segment lease is live; takes all of them itself, saves the new checkpoints fenced by those grants,
 * clears the dead letters if asked, and releases everything, after which instances claim the segments
 * again and resume from the new checkpoints.
 */
final class ObserverReset {

	private static final Log logger = LogFactory.getLog(ObserverReset.class);

	private static final int SCAN_BATCH = 1000;

	private final EventStore store;

	private final CheckpointStore checkpoints;

	private final LeaseStore leases;

	private final DeadLetterStore deadLetters;

	private final DurableSettings settings;

	ObserverReset(EventStore store, CheckpointStore checkpoints, LeaseStore leases, DeadLetterStore deadLetters,
			DurableSettings settings) {
		this.store = store;
		this.checkpoints = checkpoints;
		this.leases = leases;
		this.deadLetters = deadLetters;
		this.settings = settings;
	}

	ResetResult run(ObserverWorker worker, ResetTarget target, boolean clearDeadLetters, Duration timeout) {
		String id = worker.id();
		String owner = this.settings.instanceId() + "/reset";
		Duration duration = this.settings.leaseDuration();
		Lease reset = this.leases.tryAcquire(Segments.reset(id), owner, duration)
			.orElseThrow(() -> new IllegalStateException("A reset of durable observer '" + id + "' is already running"));
		worker.pauseHere(true);
		List<Lease> grants = new ArrayList<>();
		try {
			long deadline = System.nanoTime() + timeout.toNanos();
			List<String> names = worker.segmentNames();
			while (true) {
				reset = this.leases.renew(reset, duration)
					.orElseThrow(() -> new IllegalStateException("Lost the reset lease of '" + id + "'"));
				if (this.leases.findLive(names).isEmpty() && acquireAll(names, owner, duration, grants)) {
					break;
				}
				if (System.nanoTime() - deadline > 0) {
					throw new IllegalStateException("Durable observer '" + id + "' did not pause within " + timeout
							+ ": segments still held: " + this.leases.findLive(names));
				}
				LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(this.settings.pollInterval().toMillis()));
			}
			long checkpoint = checkpointFor(target);
			for (Lease grant : grants) {
				if (!this.checkpoints.save(grant.name(), checkpoint, grant)) {
					throw new IllegalStateException("Lost the lease of '" + grant.name() + "' while resetting it");
				}
			}
			int cleared = clearDeadLetters ? this.deadLetters.deleteAll(id) : 0;
			logger.info("Durable observer '" + id + "' reset to " + target + " (checkpoint " + checkpoint + ", "
					+ names.size() + " segment(s), " + cleared + " dead letter(s) cleared)");
			return new ResetResult(id, checkpoint, names.size(), cleared);
		}
		finally {
			grants.forEach(this::release);
			release(reset);
			worker.pauseHere(false);
			worker.refreshBlocked();
		}
	}

	private boolean acquireAll(List<String> names, String owner, Duration duration, List<Lease> grants) {
		for (String name : names) {
			Optional<Lease> grant = this.leases.tryAcquire(name, owner, duration);
			if (grant.isEmpty()) {
				grants.forEach(this::release);
				grants.clear();
				return false;
			}
			grants.add(grant.get());
		}
		return true;
	}

	private void release(Lease lease) {
		try {
			this.leases.release(lease);
		}
		catch (RuntimeException ex) {
			logger.warn("Could not release lease '" + lease.name() + "'; it expires on its own", ex);
		}
	}

	private long checkpointFor(ResetTarget target) {
		Instant time = target.time();
		if (time == null) {
			return target.position() - 1;
		}
		long from = 0;
		while (true) {
			List<Event<?>> batch = this.store.readAll(from, SCAN_BATCH);
			for (Event<?> event : batch) {
				if (!event.occurredAt().isBefore(time)) {
					return event.position() - 1;
				}
			}
			if (batch.size() < SCAN_BATCH) {
				return this.store.headPosition();
			}
			from = batch.get(batch.size() - 1).position() + 1;
		}
	}

}
