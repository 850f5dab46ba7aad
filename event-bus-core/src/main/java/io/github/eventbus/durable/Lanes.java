package io.github.eventbus.durable;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BooleanSupplier;

import io.github.eventbus.Event;
import io.github.eventbus.deadletter.DeadLetterStore;
import io.github.eventbus.retry.RetryPolicy;
import io.github.eventbus.store.EventStore;

/**
 * The {@link Sequencer}s of one observer: one for {@code concurrency = 1}, otherwise one per lane, each
 * owning the streams whose id hashes to it, so that a batch is handled by up to {@code concurrency}
 * threads while the events of one stream stay in order on one lane.
 * <p>
 * A batch waits for all its lanes. Lane tasks go to the worker pool; the waiting thread runs any lane no
 * pool thread has started, so a saturated pool slows a batch down but never deadlocks it. Not
 * thread-safe otherwise: called by one worker turn at a time.
 */
final class Lanes {

	private final Sequencer[] lanes;

	Lanes(int concurrency, Delivery delivery, RetryPolicy retry, DeadLetterStore deadLetters, EventStore store,
			Clock clock, Ownership ownership) {
		int count = Math.max(1, concurrency);
		this.lanes = new Sequencer[count];
		for (int i = 0; i < count; i++) {
			int lane = i;
			this.lanes[i] = (count == 1) ? new Sequencer(delivery, retry, deadLetters, store, clock, ownership)
					: new Sequencer(delivery, retry, deadLetters, store, clock, ownership,
							(stream) -> laneOf(stream, count) == lane);
		}
	}

	static int laneOf(String streamId, int count) {
		return Math.floorMod(streamId.hashCode(), count);
	}

	int count() {
		return this.lanes.length;
	}

	void reset() {
		for (Sequencer lane : this.lanes) {
			lane.reset();
		}
	}

	void reloadBlocked() {
		for (Sequencer lane : this.lanes) {
			lane.reloadBlocked();
		}
	}

	void replayRequested() {
		for (Sequencer lane : this.lanes) {
			lane.replayRequested();
		}
	}

	long retryDue() {
		long next = Long.MAX_VALUE;
		for (Sequencer lane : this.lanes) {
			next = Math.min(next, lane.retryDue());
		}
		return next;
	}

	int held() {
		int held = 0;
		for (Sequencer lane : this.lanes) {
			held += lane.held();
		}
		return held;
	}

	boolean isRetrying() {
		for (Sequencer lane : this.lanes) {
			if (lane.isRetrying()) {
				return true;
			}
		}
		return false;
	}

	long safeCheckpoint(long readUpTo, int segment) {
		long safe = readUpTo;
		for (Sequencer lane : this.lanes) {
			safe = Math.min(safe, lane.safeCheckpoint(readUpTo, segment));
		}
		return safe;
	}

	void forget(int segment) {
		for (Sequencer lane : this.lanes) {
			lane.forget(segment);
		}
	}

	/**
	 * Delivers a batch read in position order.
	 * @param stopped checked between events with a single lane, to stop early
	 * @return how many events of the batch, from its start, were delivered
	 */
	int deliver(List<Event<?>> batch, BooleanSupplier stopped, Executor executor) {
		if (this.lanes.length == 1) {
			int delivered = 0;
			for (Event<?> event : batch) {
				if (stopped.getAsBoolean()) {
					break;
				}
				this.lanes[0].deliver(event);
				delivered++;
			}
			return delivered;
		}
		List<List<Event<?>>> perLane = new ArrayList<>(this.lanes.length);
		for (int i = 0; i < this.lanes.length; i++) {
			perLane.add(new ArrayList<>());
		}
		for (Event<?> event : batch) {
			perLane.get(laneOf(event.streamId(), this.lanes.length)).add(event);
		}
		List<FutureTask<Void>> tasks = new ArrayList<>(this.lanes.length);
		for (int i = 0; i < this.lanes.length; i++) {
			Sequencer lane = this.lanes[i];
			List<Event<?>> events = perLane.get(i);
			if (!events.isEmpty()) {
				tasks.add(new FutureTask<>(() -> events.forEach(lane::deliver), null));
			}
		}
		for (int i = 1; i < tasks.size(); i++) {
			try {
				executor.execute(tasks.get(i));
			}
			catch (RejectedExecutionException ex) {
				// run below, on this thread
			}
		}
		RuntimeException failure = null;
		for (FutureTask<Void> task : tasks) {
			task.run();
			try {
				task.get();
			}
			catch (ExecutionException ex) {
				if (failure == null) {
					failure = (ex.getCause() instanceof RuntimeException runtime) ? runtime
							: new IllegalStateException(ex.getCause());
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("Interrupted while waiting for the lanes of a batch", ex);
			}
		}
		if (failure != null) {
			throw failure;
		}
		return batch.size();
	}

}
