package io.github.eventbus.durable;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * When a durable worker reads again before its next poll, because an event it was woken for is committed
 * but not readable yet. A store may hold committed events back from readers for a while: PostgreSQL's
 * log shows readers only what lies below the oldest transaction still running in the cluster, which may
 * be anyone's. A read that stopped before a position known to be committed (told by this instance's
 * appends, or by another instance's notification) is repeated after 0.5 ms, then at doubling intervals,
 * until it gets there or the interval reaches the poll interval; a wake-up that names no position gets
 * that ladder once when its read finds nothing.
 * <p>
 * {@link #expect} and {@link #nudge} are thread-safe; the rest is called by the worker's loop only.
 */
final class Catchup {

	static final long FIRST_RETRY_NANOS = TimeUnit.MICROSECONDS.toNanos(500);

	private final AtomicLong committed = new AtomicLong(-1);

	private volatile boolean nudged;

	// Touched by the loop only.
	private long retryNanos;

	private long abandoned = -1;

	/** Events up to this position are committed. */
	void expect(long position) {
		// A plain read first: publishers call this on every append, mostly with nothing to raise.
		if (position > this.committed.get()) {
			this.committed.accumulateAndGet(position, Math::max);
		}
	}

	/** Events may be readable now, position unknown. */
	void nudge() {
		this.nudged = true;
	}

	/** Whether a nudge came since the last call; taken before a read, so that a later one is kept. */
	boolean takeNudge() {
		if (this.nudged) {
			this.nudged = false;
			return true;
		}
		return false;
	}

	/**
	 * After a read.
	 * @param nextPosition the first position not read yet
	 * @param found whether the read returned events
	 * @param nudged what {@link #takeNudge()} said before the read
	 * @param pollNanos the poll interval
	 * @return nanoseconds until the next read, or {@link Long#MAX_VALUE} to wait for the poll
	 */
	long afterRead(long nextPosition, boolean found, boolean nudged, long pollNanos) {
		long known = this.committed.get();
		boolean behind = known >= nextPosition && known > this.abandoned;
		if (behind) {
			this.retryNanos = (found || this.retryNanos == 0) ? FIRST_RETRY_NANOS : this.retryNanos * 2;
		}
		else if (found) {
			this.retryNanos = 0;
		}
		else if (nudged) {
			this.retryNanos = FIRST_RETRY_NANOS;
		}
		else if (this.retryNanos > 0) {
			this.retryNanos *= 2;
		}
		if (this.retryNanos >= pollNanos) {
			// Held back longer than a poll: leave it to the poll, and do not start over for the same events.
			this.retryNanos = 0;
			this.abandoned = known;
		}
		return (this.retryNanos > 0) ? this.retryNanos : Long.MAX_VALUE;
	}

}
